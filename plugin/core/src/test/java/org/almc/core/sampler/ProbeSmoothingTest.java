package org.almc.core.sampler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.almc.core.ImageShape;
import org.almc.core.noise.BoxMean;
import org.junit.jupiter.api.Test;

class ProbeSmoothingTest {

	private static final int W = 64, H = 48;
	private static final ImageShape SHAPE = new ImageShape(W, H);

	/** A dim left half and a bright right half, the edge between them blurred over a few pixels, a slow ramp along y. */
	private static float[] edgedMean() {
		final float[] m = new float[W * H];
		for (int y = 0; y < H; y++) {
			for (int x = 0; x < W; x++) m[y * W + x] = (float) (0.01 + 0.6 / (1 + Math.exp(-(x - W / 2 + 0.5) / 1.5)) + 0.0005 * y);
		}
		return m;
	}

	private static double diagonal(final double m) {
		return 1e-5 + 4e-3 * m * m;
	}

	@Test
	void aDiagonalThatFollowsTheMeanPassesUnchangedAcrossTheEdge() {
		final float[] mean = edgedMean(), probes = new float[mean.length];
		for (int i = 0; i < mean.length; i++) probes[i] = (float) diagonal(mean[i]);
		final float[] smoothed = ProbeSmoothing.alongMean(probes, mean, SHAPE, 1);
		// up to the curve's discretization (12 bins of equal counts, so wide where few pixels lie, as on the edge; linear
		// between their centres, constant beyond)
		double sum = 0;
		for (int i = 0; i < mean.length; i++) {
			final double relative = Math.abs(smoothed[i] / probes[i] - 1);
			assertTrue(relative < 0.2, "pixel " + i + ": " + smoothed[i] + " against " + probes[i]);
			sum += relative;
		}
		assertTrue(sum / mean.length < 0.01, "mean relative error " + sum / mean.length);
		// a 7 x 7 box mean lends a dim pixel four columns from the edge more than twice its own variance
		final int dim = 10 * W + W / 2 - 4;
		final float box = BoxMean.of(probes, SHAPE, 3)[dim];
		assertTrue(box > 2.5 * probes[dim], "the box mean near the edge: " + box + " against " + probes[dim]);
	}

	@Test
	void noisyProbesAverageToTheirCurveOnEachSide() {
		final float[] mean = edgedMean(), probes = new float[mean.length];
		final SplittableRandom random = new SplittableRandom(3);
		for (int i = 0; i < mean.length; i++) probes[i] = (float) (diagonal(mean[i]) * (1 + 2 * random.nextGaussian()));
		final float[] smoothed = ProbeSmoothing.alongMean(probes, mean, SHAPE, 1);
		// away from the borders: the smoothed diagonal's mean on each side is the true one, its scatter a third
		double rawSpread = 0, smoothSpread = 0, sumDim = 0, sumBright = 0;
		int nDim = 0, nBright = 0;
		for (int y = 2; y < H - 2; y++) {
			for (int x = 2; x < W - 2; x++) {
				final int i = y * W + x;
				final double truth = diagonal(mean[i]);
				rawSpread += Math.pow(probes[i] / truth - 1, 2);
				smoothSpread += Math.pow(smoothed[i] / truth - 1, 2);
				if (x < W / 2) {
					sumDim += smoothed[i] / truth;
					nDim++;
				} else {
					sumBright += smoothed[i] / truth;
					nBright++;
				}
			}
		}
		// relative noise 2 per pixel, averaged over 9 pixels: the side means' standard error is about 2/sqrt(n), the
		// scatter about 2/3 (the bins' curve adds a little; 4 standard errors of tolerance)
		assertEquals(1, sumDim / nDim, 4 * 2 / Math.sqrt(nDim));
		assertEquals(1, sumBright / nBright, 4 * 2 / Math.sqrt(nBright));
		assertTrue(smoothSpread < rawSpread / 6, "scatter " + Math.sqrt(smoothSpread / nDim) + " against " + Math.sqrt(rawSpread / nDim));
	}

	@Test
	void withoutAPositiveCurveItIsTheBoxMean() {
		final float[] mean = edgedMean(), probes = new float[mean.length];
		for (int i = 0; i < probes.length; i++) probes[i] = i % 2 == 0 ? -1e-4f : 0;
		final float[] smoothed = ProbeSmoothing.alongMean(probes, mean, SHAPE, 1);
		final float[] box = BoxMean.of(probes, SHAPE, 1);
		for (int i = 0; i < box.length; i++) assertEquals(box[i], smoothed[i], 0);
	}

	@Test
	void aFlatMeanGivesOneBinAndTheRatioBoxMean() {
		final float[] mean = new float[W * H], probes = new float[W * H];
		for (int i = 0; i < probes.length; i++) probes[i] = 1e-4f * (1 + i % 3);
		final float[] smoothed = ProbeSmoothing.alongMean(probes, mean, SHAPE, 1);
		final float[] box = BoxMean.of(probes, SHAPE, 1);
		for (int i = 0; i < box.length; i++) assertEquals(box[i], smoothed[i], 1e-6 * box[i]);
	}

	@Test
	void sizesMustAgree() {
		assertThrows(IllegalArgumentException.class, () -> ProbeSmoothing.alongMean(new float[W * H], new float[W], SHAPE, 1));
	}
}
