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

	/**
	 * A camera image of {@link #structure} less its 0.02 background, so that a quarter of it carries no
	 * light: {@code y = offset + gain Poisson(photons s) + N(0, readNoise^2)}.
	 */
	static float[] camera(final double photons, final double gain, final double offset, final double readNoise, final long seed) {
		final float[] clean = structure(seed);
		final SplittableRandom r = new SplittableRandom(seed + 1);
		final float[] y = new float[clean.length];
		for (int i = 0; i < y.length; i++) {
			y[i] = (float) (offset + gain * PoissonNoise.poisson(photons * (clean[i] - 0.02), r) + readNoise * r.nextGaussian());
		}
		return y;
	}

	// Camera estimates over 20 seeds (1 + 100 s) of the 256 x 256 camera image: at 20 photons, gain 2,
	// offset 100, read noise 3: gain error -1.4 % (sd 2.4 %, max 6.2 %), offset -0.27 ADU (sd 0.06), read
	// noise -2.3 % (sd 1.0 %); at 100 photons: gain -0.3 % (sd 1.3 %), offset -0.23 (sd 0.07), read noise
	// -2.9 % (sd 1.3 %). The offset, the 1st percentile of 15 x 15 box means, sits about 2.3 box-mean
	// standard deviations (0.47 ADU here) below the truth, less where the blobs' tails reach into the dark
	// quarter. Tolerances: the targets (gain 10 %, offset 1 ADU), 4 sd or more from the mean.

	@Test
	void cameraGainOffsetAndReadNoiseFromOneImage() {
		for (final double photons : new double[] { 20, 100 }) {
			final NoiseEstimator.CameraFit fit = NoiseEstimator.camera(camera(photons, 2, 100, 3, 1), SHAPE);
			assertEquals(2, fit.gain(), 0.1 * 2, photons + " photons: gain");
			assertEquals(100, fit.offset(), 1, photons + " photons: offset");
			assertEquals(3, fit.readNoise(), 0.1 * 3, photons + " photons: read noise");
		}
	}

	@Test
	void cameraIsRefusedWhereTheNoiseDoesNotGrowWithTheSignal() {
		// noise that is strongest in the dark (its standard deviation falls from 0.06 to 0.01 with the signal)
		final float[] clean = structure(1);
		final SplittableRandom r = new SplittableRandom(2);
		final float[] y = new float[clean.length];
		for (int i = 0; i < y.length; i++) y[i] = (float) (clean[i] + (0.06 - 0.05 * clean[i]) * r.nextGaussian());
		assertTrue(NoiseEstimator.poissonGaussian(y, SHAPE).gain() < 0);
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NoiseEstimator.camera(y, SHAPE));
		assertTrue(e.getMessage().contains("does not grow with the intensity"), e.getMessage());
	}

	/**
	 * Unit-variance Gaussian noise correlated between neighbours: white noise filtered by {@code [1 bx]}
	 * along x and {@code [1 by]} along y (normalized), so that {@code rho_x = bx / (1 + bx^2)},
	 * {@code rho_y = by / (1 + by^2)}, {@code rho_d = rho_x rho_y}, and 0 beyond the neighbours.
	 */
	static double[] correlatedNoise(final double bx, final double by, final long seed) {
		final SplittableRandom r = new SplittableRandom(seed);
		final int side = SIZE + 1;
		final double[] w = new double[side * side];
		for (int i = 0; i < w.length; i++) w[i] = r.nextGaussian();
		final double norm = Math.sqrt((1 + bx * bx) * (1 + by * by));
		final double[] n = new double[SIZE * SIZE];
		for (int y = 0; y < SIZE; y++) {
			for (int x = 0; x < SIZE; x++) {
				final int i = x + side * y;
				n[x + SIZE * y] = (w[i] + bx * w[i + 1] + by * w[i + side] + bx * by * w[i + side + 1]) / norm;
			}
		}
		return n;
	}

	// Correlated noise (bx 0.3, by 0.15: rho 0.275 / 0.147 / 0.040) over 20 seeds (1 + 100 s): fitted rho
	// 0.279 / 0.148 / 0.042, sd 0.017 / 0.020 / 0.017; sigma +0.6 % (sd 1.8 %) where the plain residual would
	// give -29 %; camera gain at 100 photons -0.0 % (sd 4.4 %; uncorrected about -49 %), offset -0.34 ADU
	// (sd 0.09), read noise -3.8 % (sd 2.7 %). White noise (the tests above): no correlation kept in 20 seeds.
	// Tolerances: about 4 sd.

	@Test
	void correlatedNoiseIsMeasuredAndThePerPixelSigmaRecovered() {
		final double rhoX = 0.3 / 1.09, rhoY = 0.15 / 1.0225;
		final double[] n = correlatedNoise(0.3, 0.15, 2);
		final float[] clean = structure(1);
		final float[] y = new float[clean.length];
		for (int i = 0; i < y.length; i++) y[i] = (float) (clean[i] + 0.05 * n[i]);
		final NoiseEstimator.NoiseCorrelation c = NoiseEstimator.correlation(y, SHAPE);
		assertEquals(rhoX, c.x(), 0.08, "rho x");
		assertEquals(rhoY, c.y(), 0.08, "rho y");
		assertEquals(rhoX * rhoY, c.diagonal(), 0.08, "rho diagonal");
		assertEquals(0.05, NoiseEstimator.gaussianSigma(y, SHAPE), 0.08 * 0.05);
		assertEquals(NoiseEstimator.NoiseCorrelation.NONE, NoiseEstimator.correlation(withGaussianNoise(clean, 0.05, 2), SHAPE),
			"white noise");
	}

	@Test
	void cameraGainOfCorrelatedNoiseIsThePerPixelVariance() {
		final float[] clean = structure(1);
		final double[] n = correlatedNoise(0.3, 0.15, 3);
		final float[] y = new float[clean.length];
		for (int i = 0; i < y.length; i++) {
			final double photons = 100 * Math.max(clean[i] - 0.02, 0);
			// Gaussian shot noise of the camera's variance, gain 2 (4 photons), read noise 3
			y[i] = (float) (100 + 2 * photons + Math.sqrt(4 * photons + 9) * n[i]);
		}
		final NoiseEstimator.CameraFit fit = NoiseEstimator.camera(y, SHAPE);
		assertEquals(2, fit.gain(), 0.18 * 2, "gain");
		assertEquals(100, fit.offset(), 1, "offset");
		assertEquals(3, fit.readNoise(), 0.12 * 3, "read noise");
		assertTrue(fit.line().correlation().x() > 0.15, "correlation " + fit.line().correlation());
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
