package org.almc.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.SplittableRandom;

import org.almc.core.ImageShape;
import org.almc.core.operator.PsfConvolution;
import org.almc.phantom.FluorescencePhantom;
import org.junit.jupiter.api.Test;

/** The classical baselines and the benchmark's metrics, on cases with known answers. */
class ClassicalRestorationTest {

	private static final int W = 64, H = 48;

	private static float[] phantom(final long seed) {
		return new FluorescencePhantom().render(W, H, new Random(seed));
	}

	/** A normalized symmetric Gaussian kernel of {@code size x size}. */
	private static float[] gaussianKernel(final int size, final double sigma) {
		final float[] k = new float[size * size];
		final int c = (size - 1) / 2;
		double sum = 0;
		for (int y = 0; y < size; y++) {
			for (int x = 0; x < size; x++) sum += k[x + size * y] = (float) Math.exp(-((x - c) * (x - c) + (y - c) * (y - c)) / (2 * sigma * sigma));
		}
		for (int i = 0; i < k.length; i++) k[i] /= (float) sum;
		return k;
	}

	@Test
	void psnrIsInfiniteForIdenticalImagesAndExactForAKnownError() {
		final float[] truth = new float[100];
		for (int i = 0; i < truth.length; i++) truth[i] = i / 99f; // range exactly 1
		assertEquals(Double.POSITIVE_INFINITY, ImageQuality.psnr(truth, truth.clone()));
		final float[] shifted = truth.clone();
		for (int i = 0; i < shifted.length; i++) shifted[i] += 0.1f; // MSE 0.01: 20 dB
		assertEquals(20.0, ImageQuality.psnr(truth, shifted), 1e-4);
	}

	@Test
	void ssimIsOneForIdenticalImagesAndDropsWithNoiseAndInversion() {
		final float[] truth = phantom(3);
		assertEquals(1.0, ImageQuality.ssim(truth, truth.clone(), W, H), 1e-9);
		final SplittableRandom random = new SplittableRandom(4);
		final double range = ImageQuality.dataRange(truth);
		final float[] slightly = truth.clone(), very = truth.clone(), inverted = new float[truth.length];
		for (int i = 0; i < truth.length; i++) {
			final double z = random.nextGaussian();
			slightly[i] += (float) (0.02 * range * z);
			very[i] += (float) (0.3 * range * z);
			inverted[i] = (float) range - truth[i];
		}
		final double s1 = ImageQuality.ssim(truth, slightly, W, H), s2 = ImageQuality.ssim(truth, very, W, H);
		assertTrue(s1 < 1 && s1 > 0.8, "SSIM with 2% noise " + s1);
		assertTrue(s2 < s1 && s2 < 0.5, "SSIM with 30% noise " + s2 + " vs " + s1);
		assertTrue(ImageQuality.ssim(truth, inverted, W, H) < 0, "an inverted image is anti-correlated");
	}

	@Test
	void gaussianFilterKeepsConstantsAndHasTheRightVariance() {
		final float[] constant = new float[W * H];
		java.util.Arrays.fill(constant, 3.5f);
		for (final float v : ClassicalRestoration.gaussianFilter(constant, W, H, 2.0)) assertEquals(3.5f, v, 1e-5f);
		final float[] impulse = new float[W * H];
		impulse[W / 2 + W * (H / 2)] = 1;
		final float[] g = ClassicalRestoration.gaussianFilter(impulse, W, H, 1.5);
		double sum = 0, second = 0;
		for (int y = 0; y < H; y++) {
			for (int x = 0; x < W; x++) {
				sum += g[x + W * y];
				second += g[x + W * y] * (x - W / 2) * (double) (x - W / 2);
			}
		}
		assertEquals(1.0, sum, 1e-5);
		assertEquals(1.5 * 1.5, second, 1e-3); // truncation at 4 sigma changes it by < 1e-3
	}

	@Test
	void richardsonLucyImprovesANoiselessBlurredImage() {
		final float[] truth = phantom(5);
		final ImageShape shape = new ImageShape(W, H);
		final PsfConvolution blur = new PsfConvolution(shape, new ImageShape(9, 9), gaussianKernel(9, 1.5), PsfConvolution.Boundary.MIRROR);
		final float[] blurred = new float[truth.length];
		blur.apply(truth, blurred);
		final double before = ImageQuality.psnr(truth, blurred);
		final ClassicalRestoration.Tuned rl = ClassicalRestoration.bestRichardsonLucy(blur, blurred, 40, x -> ImageQuality.psnr(truth, x));
		assertTrue(rl.score() > before + 2, "Richardson-Lucy " + rl.score() + " dB vs blurred " + before + " dB");
		assertTrue(rl.parameter() > 5, "without noise more iterations keep helping, oracle stopped at " + rl.parameter());
		assertEquals(rl.score(), ImageQuality.psnr(truth, rl.image()), 1e-9);
	}

	@Test
	void tikhonovWithTinyRegularizationInvertsAPeriodicBlur() {
		final float[] truth = phantom(6);
		final ImageShape shape = new ImageShape(W, H), psfShape = new ImageShape(7, 7);
		final float[] psf = gaussianKernel(7, 0.7);
		final float[] blurred = new float[truth.length];
		new PsfConvolution(shape, psfShape, psf, PsfConvolution.Boundary.PERIODIC).apply(truth, blurred);
		final float[] restored = ClassicalRestoration.tikhonovPeriodic(blurred, W, H, psf, psfShape, 1e-10);
		final double range = ImageQuality.dataRange(truth);
		double worst = 0;
		for (int i = 0; i < truth.length; i++) worst = Math.max(worst, Math.abs(restored[i] - truth[i]));
		assertTrue(worst < 1e-3 * range, "largest error " + worst + " of range " + range);
		assertTrue(ImageQuality.psnr(truth, blurred) < 40, "the blur is not negligible");
	}

	@Test
	void tikhonovOnTheMirrorExtensionInvertsAMirrorBoundaryBlur() {
		final float[] truth = phantom(7);
		final ImageShape shape = new ImageShape(W, H), psfShape = new ImageShape(7, 7);
		final float[] psf = gaussianKernel(7, 0.7);
		final float[] blurred = new float[truth.length];
		new PsfConvolution(shape, psfShape, psf, PsfConvolution.Boundary.MIRROR).apply(truth, blurred);
		final float[] restored = ClassicalRestoration.tikhonovMirror(blurred, W, H, psf, psfShape, 1e-10);
		assertTrue(ImageQuality.psnr(truth, restored) > 55, "mirror-boundary inverse PSNR " + ImageQuality.psnr(truth, restored));
		// smoothing only (no PSF): lambda 0 returns the data
		final float[] same = ClassicalRestoration.tikhonovMirror(blurred, W, H, null, null, 0);
		for (int i = 0; i < same.length; i++) assertEquals(blurred[i], same[i], 1e-5f);
	}

	@Test
	void coverageOfExactGaussianSamplesIsNinetyPercentWithFourChains() {
		final int pixels = 40_000, chains = 4;
		final SplittableRandom random = new SplittableRandom(8);
		final float[] truth = new float[pixels], mean = new float[pixels], std = new float[pixels];
		int naive = 0;
		for (int i = 0; i < pixels; i++) {
			final double mu = random.nextDouble() * 10, s = 0.1 + random.nextDouble();
			truth[i] = (float) (mu + s * random.nextGaussian());
			final double[] x = new double[chains];
			double m = 0;
			for (int c = 0; c < chains; c++) m += x[c] = mu + s * random.nextGaussian();
			m /= chains;
			double ss = 0;
			for (final double v : x) ss += (v - m) * (v - m);
			mean[i] = (float) m;
			std[i] = (float) Math.sqrt(ss / (chains - 1));
			if (Math.abs(truth[i] - m) <= 1.645 * std[i]) naive++;
		}
		// Monte Carlo standard error sqrt(0.9 * 0.1 / 40000) = 0.0015: 4 standard errors
		assertEquals(0.90, ImageQuality.coverage90(truth, mean, std, chains), 0.006);
		// mean +- 1.645 std covers about 0.76 with 4 chains: the predictive interval is needed
		assertEquals(0.76, naive / (double) pixels, 0.02);
	}

	@Test
	void psnrForInfinitelyManyChainsRemovesTheVarianceOfAFewChainAverage() {
		final int pixels = 40_000, chains = 3;
		final SplittableRandom random = new SplittableRandom(10);
		final float[] truth = new float[pixels], exactMean = new float[pixels], mean = new float[pixels], std = new float[pixels];
		for (int i = 0; i < pixels; i++) {
			final double mu = random.nextDouble(), s = 0.05 + 0.1 * random.nextDouble();
			exactMean[i] = (float) mu;
			truth[i] = (float) (mu + s * random.nextGaussian());
			final double[] x = new double[chains];
			double m = 0;
			for (int c = 0; c < chains; c++) m += x[c] = mu + s * random.nextGaussian();
			m /= chains;
			double ss = 0;
			for (final double v : x) ss += (v - m) * (v - m);
			mean[i] = (float) m;
			std[i] = (float) Math.sqrt(ss / (chains - 1));
		}
		final double exact = ImageQuality.psnr(truth, exactMean), few = ImageQuality.psnr(truth, mean);
		assertEquals(10 * Math.log10(1 + 1.0 / chains), exact - few, 0.05); // MSE grows by the factor 1 + 1/n
		final float[] error = new float[std.length];
		for (int i = 0; i < error.length; i++) error[i] = (float) (std[i] / Math.sqrt(chains));
		assertEquals(exact, ImageQuality.psnrInfiniteChains(truth, mean, error), 0.05);
	}

	@Test
	void studentQuantilesMatchTables() {
		assertEquals(6.3138, ImageQuality.studentTQuantile(0.95, 1), 1e-3);
		assertEquals(2.3534, ImageQuality.studentTQuantile(0.95, 3), 1e-3);
		assertEquals(1.6973, ImageQuality.studentTQuantile(0.95, 30), 1e-3);
		assertEquals(1.6449, ImageQuality.studentTQuantile(0.95, 100000), 1e-3);
	}

	@Test
	void stdErrorCorrelationIsOneWhenTheStdPredictsTheErrorExactly() {
		final SplittableRandom random = new SplittableRandom(9);
		final float[] truth = new float[500], mean = new float[500], std = new float[500];
		for (int i = 0; i < truth.length; i++) {
			truth[i] = (float) random.nextGaussian();
			final double e = random.nextGaussian();
			mean[i] = (float) (truth[i] + e);
			std[i] = (float) Math.abs(e);
		}
		assertEquals(1.0, ImageQuality.stdErrorCorrelation(truth, mean, std), 1e-5);
	}
}
