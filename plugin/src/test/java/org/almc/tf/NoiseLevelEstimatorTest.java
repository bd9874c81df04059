package org.almc.tf;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;

import org.junit.jupiter.api.Test;

class NoiseLevelEstimatorTest {

	/**
	 * A smooth ramp plus bright discs plus white noise of std 0.05 on 256x256: the MAD estimate of
	 * 64516 residuals has a relative standard error of about 1.1 / sqrt(n) * (correlation inflation ~3)
	 * = 1.3%; edges bias it up slightly. 5% is a bound that a wrong kernel norm (or a missing 1.4826)
	 * would break by far.
	 */
	@Test
	void recoversTheNoiseLevelOfANoisyStructuredImage() {
		final int w = 256, h = 256;
		final Random random = new Random(11);
		final float[] img = new float[w * h];
		for (int y = 0; y < h; y++) {
			for (int x = 0; x < w; x++) {
				final double disc = (x - 80) * (x - 80) + (y - 100) * (y - 100) < 400 ? 0.8 : 0;
				img[y * w + x] = (float) (0.1 + 0.001 * x + disc + 0.05 * random.nextGaussian());
			}
		}
		assertEquals(0.05, NoiseLevelEstimator.estimate(img, w, h), 0.0025);
	}

	@Test
	void noiselessSmoothImageGivesZero() {
		final float[] img = new float[64 * 64];
		for (int i = 0; i < img.length; i++) img[i] = 0.01f * (i % 64) + 0.02f * (i / 64);
		assertEquals(0, NoiseLevelEstimator.estimate(img, 64, 64), 1e-5);
	}
}
