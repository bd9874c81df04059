package org.almc.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** {@link ImageQuality#truthNoise}: the noise a truth carries, and the PSNR of its noise-free image against it. */
class TruthNoiseTest {

	private static final int W = 128, H = 128;

	/** A smooth pattern in [0.05, 0.95]. */
	private static double clean(final int x, final int y) {
		return 0.5 + 0.45 * Math.sin(2 * Math.PI * x / 64.0) * Math.cos(2 * Math.PI * y / 48.0);
	}

	/** The pattern with noise of variance {@code a c + b} at intensity {@code c}. */
	private static float[] truth(final double a, final double b, final long seed) {
		final SplittableRandom random = new SplittableRandom(seed);
		final float[] t = new float[W * H];
		for (int y = 0; y < H; y++) {
			for (int x = 0; x < W; x++) {
				final double c = clean(x, y);
				t[x + W * y] = (float) (c + Math.sqrt(a * c + b) * random.nextGaussian());
			}
		}
		return t;
	}

	private static double expectedRms(final double a, final double b) {
		double v = 0;
		for (int y = 0; y < H; y++) {
			for (int x = 0; x < W; x++) v += a * clean(x, y) + b;
		}
		return Math.sqrt(v / (W * H));
	}

	/**
	 * Over 50 seeds the estimate's relative error had mean -0.003 and standard deviation 0.010 for both noises
	 * (signal-dependent and white): a tolerance of 0.04 is 4 standard deviations.
	 */
	@Test
	void measuresTheNoiseOfANoisyTruth() {
		for (final double[] ab : new double[][] { { 4e-4, 1e-4 }, { 0, 4e-4 } }) {
			for (long seed = 1; seed <= 3; seed++) {
				final float[] t = truth(ab[0], ab[1], seed);
				final ImageQuality.TruthNoise n = ImageQuality.truthNoise(t, W, H);
				final double expected = expectedRms(ab[0], ab[1]);
				assertEquals(1, n.rms() / expected, 0.04, "a " + ab[0] + " b " + ab[1] + " seed " + seed);
				assertEquals(ImageQuality.dataRange(t), n.range(), 0);
				assertEquals(10 * Math.log10(n.range() * n.range() / (n.rms() * n.rms())), n.noiseFreePsnr(), 1e-9);
			}
		}
	}

	/** The exact noise-free image scores the noise-free PSNR against the noisy truth, within its own Monte Carlo error. */
	@Test
	void theNoiseFreeImageScoresTheNoiseFreePsnr() {
		final float[] t = truth(4e-4, 1e-4, 7);
		final float[] c = new float[W * H];
		for (int y = 0; y < H; y++) {
			for (int x = 0; x < W; x++) c[x + W * y] = (float) clean(x, y);
		}
		// 4% on the rms is 0.34 dB on the PSNR
		assertEquals(ImageQuality.truthNoise(t, W, H).noiseFreePsnr(), ImageQuality.psnr(t, c), 0.35);
	}

	/**
	 * A posterior calibrated for the noise-free image (mean = noise-free image + N(0, s^2), std s) covers 90% of the
	 * noisy truth once its interval is widened by the truth's noise, far less without. Tolerance: 4 binomial standard
	 * errors over 16384 pixels (0.009), plus what the noise estimate's 4% error moves the coverage (under 0.011).
	 */
	@Test
	void aPosteriorOfTheNoiseFreeImageCoversTheNoisyTruthOnceWidened() {
		final float[] t = truth(4e-4, 1e-4, 11);
		final SplittableRandom random = new SplittableRandom(12);
		final float[] mean = new float[W * H], std = new float[W * H], error = new float[W * H];
		final double s = 0.01;
		for (int y = 0; y < H; y++) {
			for (int x = 0; x < W; x++) {
				mean[x + W * y] = (float) (clean(x, y) + s * random.nextGaussian());
				std[x + W * y] = (float) s;
			}
		}
		final ImageQuality.TruthNoise noise = ImageQuality.truthNoise(t, W, H);
		assertEquals(0.90, ImageQuality.coverage90GivenTruthNoise(t, mean, std, error, noise), 0.02);
		assertTrue(ImageQuality.coverage90(t, mean, std, error) < 0.75, "unwidened " + ImageQuality.coverage90(t, mean, std, error));
	}

	@Test
	void aNoiseFreeTruthHasNoCeilingToSpeakOf() {
		final ImageQuality.TruthNoise n = ImageQuality.truthNoise(truth(0, 0, 1), W, H);
		assertTrue(n.rms() < 1e-4, "rms " + n.rms());
		assertTrue(n.noiseFreePsnr() > 80, "noise-free PSNR " + n.noiseFreePsnr());
		// too small for the Poisson-Gaussian fit: the white-noise estimate
		final float[] small = new float[24 * 24];
		final SplittableRandom random = new SplittableRandom(3);
		for (int i = 0; i < small.length; i++) small[i] = (float) (0.5 + 0.02 * random.nextGaussian());
		// a median-absolute-deviation sigma of the 22 x 22 inner residuals: standard error sigma / sqrt(2 x 0.37 n)
		// (the median's efficiency of 0.37 against the standard deviation); 4 standard errors
		assertEquals(0.02, ImageQuality.truthNoise(small, 24, 24).rms(), 4 * 0.02 / Math.sqrt(2 * 0.37 * 22 * 22));
	}
}
