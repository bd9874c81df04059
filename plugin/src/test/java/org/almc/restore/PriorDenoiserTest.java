package org.almc.restore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;

import org.almc.tf.PercentileNormalization;
import org.junit.jupiter.api.Test;

/** The one pass over a sigma map: one pass where the map is flat, each region at its own level where it is not. */
class PriorDenoiserTest {

	private static final PriorDenoiser DENOISER = new PriorDenoiser(TestPriors.iidGaussian(0.5, 0.1), TestPriors.metadata(), 512);
	private static final PercentileNormalization.Fit UNIT = new PercentileNormalization.Fit(0, 1);

	private static float[] noisy(final int n) {
		final SplittableRandom r = new SplittableRandom(4);
		final float[] y = new float[n];
		for (int i = 0; i < n; i++) y[i] = (float) (0.5 + 0.2 * r.nextGaussian());
		return y;
	}

	@Test
	void aFlatMapIsOnePassAtItsSigma() {
		final float[] y = noisy(64 * 64), map = new float[64 * 64];
		java.util.Arrays.fill(map, 0.2f);
		assertArrayEquals(DENOISER.denoise(y, 64, 64, UNIT, 0.2), DENOISER.denoise(y, 64, 64, UNIT, map), 1e-6f);
	}

	/** Left half at sigma 0.05, right half at 0.4: the map's 1st and 99th percentiles are the end levels, hit exactly. */
	@Test
	void eachRegionIsDenoisedAtItsOwnLevel() {
		final float[] y = noisy(64 * 64), map = new float[64 * 64];
		for (int i = 0; i < map.length; i++) map[i] = i % 64 < 32 ? 0.05f : 0.4f;
		final float[] blended = DENOISER.denoise(y, 64, 64, UNIT, map);
		final float[] low = DENOISER.denoise(y, 64, 64, UNIT, 0.05), high = DENOISER.denoise(y, 64, 64, UNIT, 0.4);
		for (int i = 0; i < y.length; i++) assertEquals(i % 64 < 32 ? low[i] : high[i], blended[i], 1e-5, "pixel " + i);
	}
}
