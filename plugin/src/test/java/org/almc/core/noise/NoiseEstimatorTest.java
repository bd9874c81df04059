package org.almc.core.noise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.almc.core.ImageShape;
import org.junit.jupiter.api.Test;

class NoiseEstimatorTest {

	private static final int SIZE = 256;
	private static final ImageShape SHAPE = new ImageShape(SIZE, SIZE);

	/**
	 * A smooth test pattern in [0, 1] like a fluorescence image: a dark background of 0.02 over a quarter of
	 * the image, a diagonal ramp from there to 0.5, and eight Gaussian blobs (widths 6 to 20 pixels,
	 * heights 0.2 to 0.5), clipped at 1.
	 */
	static float[] structure(final long seed) {
		final SplittableRandom r = new SplittableRandom(seed);
		final double[][] blobs = new double[8][];
		for (int b = 0; b < blobs.length; b++) {
			blobs[b] = new double[] { r.nextDouble(20, SIZE - 20), r.nextDouble(20, SIZE - 20), r.nextDouble(6, 20), r.nextDouble(0.2, 0.5) };
		}
		final float[] s = new float[SIZE * SIZE];
		for (int y = 0; y < SIZE; y++) {
			for (int x = 0; x < SIZE; x++) {
				double v = 0.02 + 0.48 * Math.max(0, (x + y) / (2.0 * (SIZE - 1)) - 0.35) / 0.65;
				for (final double[] b : blobs) {
					final double dx = x - b[0], dy = y - b[1];
					v += b[3] * Math.exp(-(dx * dx + dy * dy) / (2 * b[2] * b[2]));
				}
				s[x + SIZE * y] = (float) Math.min(v, 1);
			}
		}
		return s;
	}

	static float[] withGaussianNoise(final float[] clean, final double sigma, final long seed) {
		final SplittableRandom r = new SplittableRandom(seed);
		final float[] y = new float[clean.length];
		for (int i = 0; i < y.length; i++) y[i] = (float) (clean[i] + sigma * r.nextGaussian());
		return y;
	}

	/** {@code y = a Poisson(s / a) + N(0, b)}: {@code Var y = a s + b}. */
	static float[] withPoissonGaussianNoise(final float[] clean, final double a, final double b, final long seed) {
		final SplittableRandom r = new SplittableRandom(seed);
		final float[] y = new float[clean.length];
		for (int i = 0; i < y.length; i++) y[i] = (float) (a * poisson(clean[i] / a, r) + Math.sqrt(b) * r.nextGaussian());
		return y;
	}

	/** Knuth's product-of-uniforms Poisson sampler (fine for means below a few hundred). */
	private static int poisson(final double mean, final SplittableRandom r) {
		final double limit = Math.exp(-mean);
		int k = 0;
		double p = r.nextDouble();
		while (p > limit) {
			k++;
			p *= r.nextDouble();
		}
		return k;
	}

	// Tolerances below are about 5 standard deviations of the estimators' errors, measured over 20 seeds
	// (image and noise seeds 1 + 100 s, ...): relative error of sigma, structured image: mean +0.07 %,
	// sd 0.72 %; constant image: +0.19 %, sd 0.67 %; Poisson-Gaussian gain a: -0.6 %, sd 2.0 %; read
	// variance b: -0.1 %, sd 4.0 % (max 6.9 %); pure Gaussian noise: fitted a / sigma^2 mean 0.016, sd 0.084,
	// and b relative error -0.2 %, sd 1.9 %.

	@Test
	void gaussianSigmaOfAStructuredImage() {
		final float[] y = withGaussianNoise(structure(1), 0.05, 2);
		assertEquals(0.05, NoiseEstimator.gaussianSigma(y, SHAPE), 0.04 * 0.05);
	}

	@Test
	void gaussianSigmaOfAConstantImage() {
		final float[] clean = new float[SIZE * SIZE];
		java.util.Arrays.fill(clean, 0.3f);
		assertEquals(0.05, NoiseEstimator.gaussianSigma(withGaussianNoise(clean, 0.05, 3), SHAPE), 0.035 * 0.05);
		assertEquals(0.0, NoiseEstimator.gaussianSigma(clean, SHAPE), 1e-7);
	}

	@Test
	void poissonGaussianRecoversGainAndReadVariance() {
		final double a = 0.01, b = 0.0004;
		final float[] y = withPoissonGaussianNoise(structure(1), a, b, 5);
		final NoiseEstimator.PoissonGaussianFit fit = NoiseEstimator.poissonGaussian(y, SHAPE);
		assertEquals(a, fit.gain(), 0.1 * a, "gain a");
		assertEquals(b, fit.readVariance(), 0.2 * b, "read variance b");
		assertTrue(fit.binsUsed() >= 10, "bins used " + fit.binsUsed());
	}

	@Test
	void poissonGaussianOfPureGaussianNoiseHasNoSlope() {
		final float[] y = withGaussianNoise(structure(1), 0.05, 7);
		final NoiseEstimator.PoissonGaussianFit fit = NoiseEstimator.poissonGaussian(y, SHAPE);
		// an order of magnitude below the gain 0.01 of the Poisson-Gaussian test
		assertEquals(0, fit.gain(), 0.42 * 0.0025, "gain");
		assertEquals(0.0025, fit.readVariance(), 0.1 * 0.0025, "read variance");
	}

	@Test
	void invalidImagesAreRejectedWithAReason() {
		final float[] y = withGaussianNoise(structure(1), 0.05, 2);
		y[5 + SIZE * 7] = Float.NaN;
		final IllegalArgumentException nan = assertThrows(IllegalArgumentException.class, () -> NoiseEstimator.gaussianSigma(y, SHAPE));
		assertTrue(nan.getMessage().contains("NaN at pixel (x 5, y 7)"), nan.getMessage());
		assertThrows(IllegalArgumentException.class, () -> NoiseEstimator.poissonGaussian(y, SHAPE));

		final float[] flat = new float[SIZE * SIZE];
		java.util.Arrays.fill(flat, 0.3f);
		final IllegalArgumentException tooFlat = assertThrows(IllegalArgumentException.class,
			() -> NoiseEstimator.poissonGaussian(withGaussianNoise(flat, 0.05, 3), SHAPE));
		assertTrue(tooFlat.getMessage().contains("too flat"), tooFlat.getMessage());

		final IllegalArgumentException tooSmall = assertThrows(IllegalArgumentException.class,
			() -> NoiseEstimator.poissonGaussian(new float[40 * 40], new ImageShape(40, 40)));
		assertTrue(tooSmall.getMessage().contains("too small"), tooSmall.getMessage());
		final IllegalArgumentException wrongLength = assertThrows(IllegalArgumentException.class,
			() -> NoiseEstimator.gaussianSigma(new float[10], SHAPE));
		assertTrue(wrongLength.getMessage().contains("10 values"), wrongLength.getMessage());
	}
}
