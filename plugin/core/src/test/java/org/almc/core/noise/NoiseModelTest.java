package org.almc.core.noise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class NoiseModelTest {

	static Stream<NoiseModel> models() {
		return Stream.of(new GaussianNoise(0.1), new PoissonGaussianNoise(0.02, 0.05), new PoissonNoise(50, 0.01, 1.0));
	}

	private static float[][] data(final NoiseModel model) {
		final SplittableRandom r = new SplittableRandom(4);
		final float[] clean = new float[200];
		for (int i = 0; i < clean.length; i++) clean[i] = (float) (0.02 + r.nextDouble());
		final float[] y = new float[clean.length];
		model.simulate(clean, r, y);
		final float[] z = new float[clean.length];
		// evaluation points spread on both sides of the data, some below zero
		for (int i = 0; i < z.length; i++) z[i] = (float) (clean[i] + 0.3 * r.nextGaussian());
		return new float[][] { y, z };
	}

	@ParameterizedTest
	@MethodSource("models")
	void gradientMatchesFiniteDifferences(final NoiseModel model) {
		final float[][] d = data(model);
		final float[] y = d[0], z = d[1];
		final float[] grad = new float[z.length];
		model.gradient(z, y, null, grad);
		for (int i = 0; i < z.length; i += 7) {
			final float[] single = { z[i] }, yi = { y[i] };
			final float h = 1e-3f;
			final double up = model.negativeLogLikelihood(new float[] { single[0] + h }, yi, null);
			final double down = model.negativeLogLikelihood(new float[] { single[0] - h }, yi, null);
			final double fd = (up - down) / (2 * h);
			assertEquals(fd, grad[i], 2e-3 * (1 + Math.abs(fd)), model.getClass().getSimpleName() + " pixel " + i);
		}
	}

	@ParameterizedTest
	@MethodSource("models")
	void lipschitzBoundsTheGradientSlope(final NoiseModel model) {
		final float[][] d = data(model);
		final float[] y = d[0];
		final double bound = model.lipschitz(y);
		final SplittableRandom r = new SplittableRandom(9);
		final float[] a = new float[y.length], b = new float[y.length], ga = new float[y.length], gb = new float[y.length];
		for (int i = 0; i < y.length; i++) {
			a[i] = (float) (2 * r.nextDouble() - 0.5);
			b[i] = (float) (2 * r.nextDouble() - 0.5);
		}
		model.gradient(a, y, null, ga);
		model.gradient(b, y, null, gb);
		for (int i = 0; i < y.length; i++) {
			final double slope = Math.abs(ga[i] - gb[i]) / Math.abs(a[i] - b[i]);
			assertTrue(slope <= bound * (1 + 1e-4), "slope " + slope + " exceeds the bound " + bound);
		}
	}

	@ParameterizedTest
	@MethodSource("models")
	void maskedPixelsDoNotCount(final NoiseModel model) {
		final float[][] d = data(model);
		final boolean[] valid = new boolean[d[0].length];
		final float[] grad = new float[valid.length];
		model.gradient(d[1], d[0], valid, grad);
		for (final float g : grad) assertEquals(0f, g);
		assertEquals(0.0, model.negativeLogLikelihood(d[1], d[0], valid));
	}

	@Test
	void poissonGaussianSimulationHasTheModelledVariance() {
		final PoissonGaussianNoise noise = new PoissonGaussianNoise(0.01, 0.02);
		final int n = 200_000;
		final float[] z = new float[n], y = new float[n];
		java.util.Arrays.fill(z, 0.5f);
		noise.simulate(z, new SplittableRandom(1), y);
		double sum = 0, sum2 = 0;
		for (final float v : y) {
			sum += v;
			sum2 += v * v;
		}
		final double mean = sum / n, variance = sum2 / n - mean * mean;
		final double expected = 0.01 * 0.5 + 0.02 * 0.02;
		// standard errors: mean sqrt(var / n); variance about var sqrt(2 / n)
		assertEquals(0.5, mean, 5 * Math.sqrt(expected / n));
		assertEquals(expected, variance, 5 * expected * Math.sqrt(2.0 / n) + 1e-7);
	}

	@Test
	void invalidParametersAreRejected() {
		assertThrows(IllegalArgumentException.class, () -> new GaussianNoise(0));
		assertThrows(IllegalArgumentException.class, () -> new GaussianNoise(Double.NaN));
		assertThrows(IllegalArgumentException.class, () -> new PoissonGaussianNoise(-1, 0.1));
		assertThrows(IllegalArgumentException.class, () -> new PoissonGaussianNoise(1, -0.1));
		assertThrows(IllegalArgumentException.class, () -> new PoissonNoise(0, 0, 1));
	}
}
