package org.almc.core.noise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;

import org.almc.core.ImageShape;
import org.junit.jupiter.api.Test;

/** The camera model bound to its data freezes the variance from the local mean, computed correctly in 2D and 3D. */
class LocalMeanVarianceTest {

	private static float[] data(final int n, final long seed) {
		final SplittableRandom r = new SplittableRandom(seed);
		final float[] y = new float[n];
		for (int i = 0; i < n; i++) y[i] = (float) (r.nextDouble() * 3 - 0.5);
		return y;
	}

	/** Brute-force box mean with replicated borders. */
	private static double boxMean(final float[] y, final ImageShape shape, final int radius, final int[] at) {
		final int nd = shape.numDimensions();
		final int[] k = new int[nd];
		double sum = 0;
		int count = 0;
		final int side = 2 * radius + 1;
		final int total = (int) Math.pow(side, nd);
		for (int e = 0; e < total; e++) {
			int rest = e, index = 0, stride = 1;
			for (int d = 0; d < nd; d++) {
				k[d] = at[d] + rest % side - radius;
				rest /= side;
				index += Math.min(shape.dim(d) - 1, Math.max(0, k[d])) * stride;
				stride *= shape.dim(d);
			}
			sum += y[index];
			count++;
		}
		return sum / count;
	}

	private static void check(final ImageShape shape, final int radius) {
		final float[] y = data(shape.size(), shape.size());
		final PoissonGaussianNoise camera = new PoissonGaussianNoise(0.3, 0.1, 0.2).withLocalMeanVariance(radius);
		final float[] v = camera.bind(y, shape).quadraticVariances(y).orElseThrow();
		final int nd = shape.numDimensions();
		final int[] at = new int[nd];
		for (int i = 0; i < y.length; i++) {
			for (int d = 0, rest = i; d < nd; d++) {
				at[d] = rest % shape.dim(d);
				rest /= shape.dim(d);
			}
			final double expected = 0.3 * Math.max(boxMean(y, shape, radius, at) - 0.2, 0) + 0.01;
			assertEquals(expected, v[i], 1e-5 * (1 + expected), shape + " pixel " + i);
		}
	}

	@Test
	void variancesFollowTheLocalMeanIn2DAnd3D() {
		check(new ImageShape(9, 7), 2);
		check(new ImageShape(3, 11), 2);
		check(new ImageShape(6, 5, 4), 1);
	}

	@Test
	void theBoundModelIsWeightedLeastSquaresWithThoseVariances() {
		final ImageShape shape = new ImageShape(8, 6);
		final float[] y = data(shape.size(), 3), z = data(shape.size(), 4);
		final NoiseModel bound = new PoissonGaussianNoise(0.3, 0.1).withLocalMeanVariance(2).bind(y, shape);
		final float[] v = bound.quadraticVariances(y).orElseThrow();
		final boolean[] valid = new boolean[y.length];
		double expected = 0, maxWeight = 0;
		for (int i = 0; i < y.length; i++) {
			valid[i] = i % 5 != 0;
			if (valid[i]) expected += 0.5 * (z[i] - y[i]) * (z[i] - y[i]) / v[i];
			maxWeight = Math.max(maxWeight, 1 / v[i]);
		}
		assertEquals(expected, bound.negativeLogLikelihood(z, y, valid), 1e-9 * expected);
		final float[] g = new float[y.length];
		bound.gradient(z, y, valid, g);
		for (int i = 0; i < y.length; i++) assertEquals(valid[i] ? (z[i] - y[i]) / v[i] : 0, g[i], 1e-5 * Math.abs(g[i]) + 1e-7);
		assertEquals(maxWeight, bound.lipschitz(y), 1e-9 * maxWeight);
		assertThrows(IllegalArgumentException.class, () -> bound.gradient(new float[3], new float[3], null, new float[3]));
	}

	@Test
	void withoutARadiusBindingChangesNothing() {
		final PoissonGaussianNoise camera = new PoissonGaussianNoise(0.3, 0.1);
		assertSame(camera, camera.bind(new float[12], new ImageShape(4, 3)));
	}
}
