package org.almc.restore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.almc.core.ImageShape;
import org.almc.core.noise.NoiseEstimator;
import org.almc.core.noise.PoissonNoise;
import org.almc.testing.CorrelatedNoise;
import org.junit.jupiter.api.Test;

import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.Calibration;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ShortProcessor;

/** The restoration pipeline with an exact analytic prior: layout, calibration, safety and bad input. */
class StackRestorerTest {

	private static final StackRestorer RESTORER = new StackRestorer(TestPriors.iidGaussian(0.5, 0.1), TestPriors.metadata());

	private static StackRestorer.Options options(final NoiseSpec noise, final PointSpreadFunction psf, final int samples) {
		return new StackRestorer.Options(noise, psf, samples, Quality.FAST, 20, 7, true, 512, Double.NaN);
	}

	/** A 16-bit hyperstack with C channels, Z slices, T frames of noisy blobs. */
	static ImagePlus hyperstack(final int w, final int h, final int c, final int z, final int t) {
		final SplittableRandom r = new SplittableRandom(3);
		final ImageStack s = new ImageStack(w, h);
		for (int p = 0; p < c * z * t; p++) {
			final ShortProcessor sp = new ShortProcessor(w, h);
			for (int y = 0; y < h; y++) {
				for (int x = 0; x < w; x++) {
					final double blob = 1000 * Math.exp(-((x - w / 2.0) * (x - w / 2.0) + (y - h / 2.0) * (y - h / 2.0)) / (2 * 36.0));
					sp.set(x, y, (int) Math.max(0, 200 + (p + 1) * blob + 30 * r.nextGaussian()));
				}
			}
			s.addSlice(sp);
		}
		final ImagePlus imp = new ImagePlus("cells.tif", s);
		imp.setDimensions(c, z, t);
		imp.setOpenAsHyperStack(true);
		final Calibration cal = imp.getCalibration();
		cal.pixelWidth = 0.108;
		cal.pixelHeight = 0.108;
		cal.pixelDepth = 0.3;
		cal.setUnit("micron");
		return imp;
	}

	private static long checksum(final ImagePlus imp) {
		long sum = 0;
		for (int p = 1; p <= imp.getStackSize(); p++) {
			final float[] v = StackRestorer.pixels(imp.getStack().getProcessor(p));
			for (int i = 0; i < v.length; i++) sum = 31 * sum + Float.floatToIntBits(v[i]) + i;
		}
		return sum;
	}

	/**
	 * With a camera the posterior mean holds no negative photon counts: it is clamped at the offset. A dark
	 * frame (the offset plus read noise) under a prior centred below the background puts part of the mean
	 * below the offset; those pixels come out at the offset exactly, and the std is left as it is.
	 */
	@Test
	void cameraMeanIsNotBelowZeroPhotons() throws RestorationException {
		final SplittableRandom r = new SplittableRandom(11);
		final FloatProcessor fp = new FloatProcessor(32, 32);
		for (int i = 0; i < 32 * 32; i++) fp.setf(i, (float) (100 + (i % 7 == 0 ? 40 : 0) + 2 * r.nextGaussian()));
		final StackRestorer restorer = new StackRestorer(TestPriors.iidGaussian(-0.2, 0.1), TestPriors.metadata());
		final StackRestorer.Result out = restorer.restore(new ImagePlus("dark", fp), options(new NoiseSpec.Camera(1, 100, 2), null, 4),
			(u, n, s, t) -> {}, () -> false);
		int atOffset = 0;
		for (final float v : (float[]) out.mean().getProcessor().getPixels()) {
			assertTrue(v >= 100, "mean " + v + " below the offset");
			if (v == 100) atOffset++;
		}
		assertTrue(atOffset > 0, "the prior pulls part of the mean below the offset: the clamp must have acted");
		for (final float v : (float[]) out.std().getProcessor().getPixels()) assertTrue(v > 0);
	}

	/**
	 * Estimated camera noise: one model per channel, from its planes pooled (z and time), reported in the
	 * notes and the Info. Channel 1 has gain 2, channel 2 gain 5, both offset 100 and read noise 3; a third
	 * of each plane is dark.
	 */
	@Test
	void cameraIsEstimatedPerChannelFromAllItsPlanes() throws RestorationException {
		final int w = 96, h = 96, nc = 2, nz = 2, nt = 2;
		final SplittableRandom r = new SplittableRandom(5);
		final ImageStack s = new ImageStack(w, h);
		for (int p = 0; p < nc * nz * nt; p++) {
			final double gain = p % nc == 0 ? 2 : 5;
			final FloatProcessor fp = new FloatProcessor(w, h);
			for (int y = 0; y < h; y++) {
				for (int x = 0; x < w; x++) {
					final double photons = x < 32 ? 0 : 50.0 * (x - 32) / 64 * (1 + 0.5 * Math.sin((y + 7 * p) / 5.0));
					fp.setf(x, y, (float) (100 + gain * PoissonNoise.poisson(photons, r) + 3 * r.nextGaussian()));
				}
			}
			s.addSlice(fp);
		}
		final ImagePlus in = new ImagePlus("two-cameras.tif", s);
		in.setDimensions(nc, nz, nt);
		final StackRestorer.Result out = RESTORER.restore(in, options(new NoiseSpec.EstimatedCamera(false), null, 2), (u, n, st, t) -> {},
			() -> false);
		assertEquals(2, out.notes().size(), out.notes().toString());
		final String info = (String) out.mean().getProperty("Info");
		for (int c = 0; c < nc; c++) {
			final Matcher m = Pattern.compile("channel " + (c + 1) + ": noise camera gain=([0-9.]+) offset=([0-9.]+) read_noise=([0-9.]+) " +
				"\\(estimated from 4 plane\\(s\\)\\)").matcher(out.notes().get(c));
			assertTrue(m.matches(), out.notes().get(c));
			// tolerances about 4 standard errors of the estimate on 4 planes of 96 x 96
			assertEquals(c == 0 ? 2 : 5, Double.parseDouble(m.group(1)), c == 0 ? 0.2 : 0.5, "gain of channel " + (c + 1));
			assertEquals(100, Double.parseDouble(m.group(2)), 1, "offset of channel " + (c + 1));
			assertTrue(info.contains("noise_estimate_c" + (c + 1) + "=camera gain=" + m.group(1)), info);
		}
	}

	/** Noise strongest in the dark is no camera noise: the automatic model falls back to Gaussian and says so; the camera refuses. */
	@Test
	void noiseThatFallsWithTheSignalIsNotTakenForACamera() throws RestorationException {
		final SplittableRandom r = new SplittableRandom(6);
		final FloatProcessor fp = new FloatProcessor(96, 96);
		for (int i = 0; i < 96 * 96; i++) {
			final double signal = (i % 96) / 96.0;
			fp.setf(i, (float) (signal + (0.06 - 0.05 * signal) * r.nextGaussian()));
		}
		final ImagePlus in = new ImagePlus("falling.tif", fp);
		final StackRestorer.Result out = RESTORER.restore(in, options(new NoiseSpec.EstimatedCamera(true), null, 2), (u, n, st, t) -> {},
			() -> false);
		assertEquals(1, out.notes().size(), out.notes().toString());
		assertTrue(out.notes().get(0).startsWith("noise gaussian sigma=auto (no camera model: The noise of the image"), out.notes().get(0));
		final String message = error(in, options(new NoiseSpec.EstimatedCamera(false), null, 2));
		assertTrue(message.startsWith("Could not estimate the camera's noise: ") && message.contains("does not grow with the intensity"),
			message);
	}

	@Test
	void hyperstackDimensionsCalibrationAndInfoCarryOverAndTheInputIsUntouched() throws Exception {
		final ImagePlus in = hyperstack(40, 36, 2, 3, 2);
		final long before = checksum(in);
		final StackRestorer.Result r = RESTORER.restore(in, options(new NoiseSpec.Gaussian(30), null, 3), (u, n, s, t) -> {}, () -> false);
		assertEquals(before, checksum(in), "the input was modified");
		for (final ImagePlus out : new ImagePlus[] { r.mean(), r.std() }) {
			assertArrayEquals(new int[] { 40, 36, 2, 3, 2 }, out.getDimensions());
			assertEquals(32, out.getBitDepth());
			assertEquals(0.108, out.getCalibration().pixelWidth, 1e-12);
			assertEquals(0.3, out.getCalibration().pixelDepth, 1e-12);
			assertEquals("micron", out.getCalibration().getUnit());
			final String info = (String) out.getProperty("Info");
			assertTrue(info.contains("noise=[gaussian sigma=30.0]") && info.contains("samples=3") && info.contains("seed=7"), info);
			// the test prior does not state the plane's symmetries, so the chains never see the image turned
			assertTrue(info.contains("flips_and_turns=false"), info);
		}
		// samples: frames = input frames x samples
		assertArrayEquals(new int[] { 40, 36, 2, 3, 6 }, r.samples().getDimensions());
		// the mean follows each plane's brightness (plane p has blob amplitude (p + 1) * 1000)
		final float centreLast = r.mean().getStack().getProcessor(12).getf(20, 18);
		final float centreFirst = r.mean().getStack().getProcessor(1).getf(20, 18);
		assertTrue(centreLast > 5 * centreFirst, centreFirst + " vs " + centreLast);
		// the std is positive and much smaller than the signal range
		final float std = r.std().getStack().getProcessor(1).getf(5, 5);
		assertTrue(std > 0 && std < 200, "std " + std);
		assertTrue(r.warnings().isEmpty(), r.warnings().toString());
	}

	/**
	 * The one pass over a hyperstack keeps its dimensions and calibration, finds the noise per channel as
	 * the restoration does, follows each plane's brightness, and leaves the input alone.
	 */
	@Test
	void priorDenoiseTakesHyperstacksAsTheRestorationDoes() throws Exception {
		final ImagePlus in = hyperstack(40, 36, 2, 3, 2);
		final long before = checksum(in);
		final StackRestorer.Result r = RESTORER.priorDenoise(in, NoiseSpec.choose(NoiseSpec.Choice.AUTO, null, null), 512);
		assertEquals(before, checksum(in), "the input was modified");
		assertArrayEquals(new int[] { 40, 36, 2, 3, 2 }, r.mean().getDimensions());
		assertEquals(0.108, r.mean().getCalibration().pixelWidth, 1e-12);
		assertEquals(null, r.std());
		assertEquals(2, r.notes().size(), r.notes().toString());
		assertTrue(r.notes().get(0).startsWith("channel 1: noise ") && r.notes().get(1).startsWith("channel 2: noise "), r.notes().toString());
		final float centreLast = r.mean().getStack().getProcessor(12).getf(20, 18);
		final float centreFirst = r.mean().getStack().getProcessor(1).getf(20, 18);
		assertTrue(centreLast > 5 * centreFirst, centreFirst + " vs " + centreLast);
		final String info = (String) r.mean().getProperty("Info");
		assertTrue(info.startsWith("ALMC one-pass prior denoising") && info.contains("noise_estimate_c2="), info);
	}

	@Test
	void theSameSeedGivesTheSameResult() throws Exception {
		final ImagePlus in = hyperstack(32, 32, 1, 1, 1);
		final StackRestorer.Result a = RESTORER.restore(in, options(NoiseSpec.Gaussian.auto(), null, 2), (u, n, s, t) -> {}, () -> false);
		final StackRestorer.Result b = RESTORER.restore(in, options(NoiseSpec.Gaussian.auto(), null, 2), (u, n, s, t) -> {}, () -> false);
		assertArrayEquals((float[]) a.mean().getProcessor().getPixels(), (float[]) b.mean().getProcessor().getPixels());
	}

	/** A PSF of 1 at its centre pixel and {@code around} elsewhere. */
	private static PointSpreadFunction peakedPsf(final ImageShape shape, final float around) throws RestorationException {
		final float[] psf = new float[shape.size()];
		java.util.Arrays.fill(psf, around);
		psf[psf.length / 2] = 1;
		return PointSpreadFunction.of(shape, psf, "psf" + shape.numDimensions() + "d");
	}

	/**
	 * Camera noise is sampled variance-stabilized where nothing blurs (the Info says so), and through its
	 * own likelihood where a PSF mixes pixels, which the stabilization would not survive.
	 */
	@Test
	void cameraNoiseIsSampledStabilizedWithoutABlurOnly() throws Exception {
		final ImagePlus in = hyperstack(32, 32, 1, 1, 1);
		final PointSpreadFunction p = peakedPsf(new ImageShape(3, 3), 0.05f);
		final String denoised = (String) RESTORER.restore(in, options(new NoiseSpec.Camera(2, 100, 5), null, 2), (u, n, s, t) -> {},
			() -> false).mean().getProperty("Info");
		assertTrue(denoised.contains("sampling=camera noise variance-stabilized"), denoised);
		final String deconvolved = (String) RESTORER.restore(in, options(new NoiseSpec.Camera(2, 100, 5), p, 2), (u, n, s, t) -> {},
			() -> false).mean().getProperty("Info");
		assertFalse(deconvolved.contains("variance-stabilized"), deconvolved);
		final String gaussian = (String) RESTORER.restore(in, options(new NoiseSpec.Gaussian(30), null, 2), (u, n, s, t) -> {},
			() -> false).mean().getProperty("Info");
		assertFalse(gaussian.contains("variance-stabilized"), gaussian);
	}

	/**
	 * An estimate that found the noise correlated between neighbours is sampled through the filter that
	 * whitens it, where nothing else mixes the pixels, and says so; a weak correlation, a blur or white noise
	 * leave the likelihood as it was.
	 */
	@Test
	void correlatedCameraNoiseIsWhitenedWithoutABlurOnly() throws Exception {
		final ImagePlus in = hyperstack(32, 32, 1, 1, 1);
		final PointSpreadFunction p = peakedPsf(new ImageShape(3, 3), 0.05f);
		final NoiseSpec.Camera camera = new NoiseSpec.Camera(2, 100, 5);
		final NoiseSpec correlated = new NoiseSpec.Resolved(camera, "camera", new NoiseEstimator.NoiseCorrelation(0.25, 0.15, 0.02));
		final StackRestorer.Result result = RESTORER.restore(in, options(correlated, null, 2), (u, n, s, t) -> {}, () -> false);
		assertTrue(result.notes().contains("the noise is correlated between neighbouring pixels (x 0.25, y 0.15, diagonal 0.02): sampled as " +
			"such, through the filter that whitens it"), result.notes().toString());
		final String whitened = info(result);
		assertTrue(whitened.contains("noise_whitening=the sampler's likelihood takes the noise's correlation (x 0.25, y 0.15, diagonal 0.02)"),
			whitened);
		final StackRestorer.Result white = RESTORER.restore(in, options(new NoiseSpec.Resolved(camera, "camera"), null, 2), (u, n, s, t) -> {},
			() -> false);
		assertFalse(info(white).contains("noise_whitening"));
		final NoiseSpec weak = new NoiseSpec.Resolved(camera, "camera", new NoiseEstimator.NoiseCorrelation(0.06, 0, 0));
		final StackRestorer.Result weakResult = RESTORER.restore(in, options(weak, null, 2), (u, n, s, t) -> {}, () -> false);
		assertFalse(info(weakResult).contains("noise_whitening"));
		assertEquals(checksum(white.mean()), checksum(weakResult.mean()), "a weak correlation changes nothing");
		assertFalse(info(RESTORER.restore(in, options(correlated, p, 2), (u, n, s, t) -> {}, () -> false)).contains("noise_whitening"));
	}

	/**
	 * Gaussian noise estimated per plane is whitened where the plane's noise is correlated; a sigma given by
	 * the user is taken as white noise.
	 */
	@Test
	void estimatedGaussianNoiseIsWhitenedWhereCorrelated() throws Exception {
		final int w = 128, h = 128;
		final SplittableRandom r = new SplittableRandom(5);
		final float[] white = new float[w * h], data = new float[w * h];
		for (int i = 0; i < white.length; i++) white[i] = (float) r.nextGaussian();
		// neighbour correlations 0.5 along x, 0.25 along y (kernel 0.3, 0.15), well above the detection threshold at this size
		final float[] noise = CorrelatedNoise.filter(white, w, h, 0.3, 0.15);
		for (int y = 0; y < h; y++) {
			for (int x = 0; x < w; x++) data[x + w * y] = (float) (500 + 300 * Math.sin(x / 9.0) * Math.cos(y / 13.0) + 40 * noise[x + w * y]);
		}
		final ImagePlus in = new ImagePlus("correlated.tif", new FloatProcessor(w, h, data));
		final String estimated = info(RESTORER.restore(in, options(NoiseSpec.Gaussian.auto(), null, 2), (u, n, s, t) -> {}, () -> false));
		assertTrue(estimated.contains("noise_whitening="), estimated);
		final String given = info(RESTORER.restore(in, options(new NoiseSpec.Gaussian(40), null, 2), (u, n, s, t) -> {}, () -> false));
		assertFalse(given.contains("noise_whitening"), given);
	}

	private static String info(final StackRestorer.Result r) {
		return (String) r.mean().getProperty("Info");
	}

	@Test
	void zStacksWithA3DPsfAreDeconvolvedJointly() throws Exception {
		final ImagePlus in = hyperstack(32, 32, 1, 5, 1);
		final PointSpreadFunction p = peakedPsf(new ImageShape(3, 3, 3), 0.02f);
		final int[] units = new int[1];
		final StackRestorer.Result r = RESTORER.restore(in, options(new NoiseSpec.Camera(2, 100, 5), p, 2), (u, n, s, t) -> units[0] = n,
			() -> false);
		assertEquals(1, units[0], "one joint volume");
		assertArrayEquals(new int[] { 32, 32, 1, 5, 1 }, r.mean().getDimensions());
	}

	@Test
	void largePlanesAreTiled() throws Exception {
		final ImagePlus in = hyperstack(150, 90, 1, 1, 1);
		final int[] units = new int[1];
		final StackRestorer.Result r = RESTORER.restore(in, new StackRestorer.Options(new NoiseSpec.Gaussian(30), null, 2, Quality.FAST, 10, 1,
			false, 64, Double.NaN), (u, n, s, t) -> units[0] = n, () -> false);
		assertEquals(3 * 2, units[0]);
		assertNull(r.samples());
		for (final float v : (float[]) r.mean().getProcessor().getPixels()) assertTrue(Float.isFinite(v));
	}

	@Test
	void tileBlendingWeightsAreSeamless() {
		final Tiling tiling = new Tiling(150, 90, 64, 16);
		final double[] sum = new double[150 * 90], weights = new double[150 * 90];
		for (final Tiling.Tile t : tiling.tiles()) {
			final float[] ones = new float[t.width() * t.height()];
			for (int j = 0; j < t.height(); j++) {
				for (int i = 0; i < t.width(); i++) ones[i + t.width() * j] = (float) ((t.x() + i) * 0.5 + (t.y() + j));
			}
			tiling.accumulate(ones, 1, t, sum, weights);
		}
		// a field every tile agrees on is reproduced exactly, everywhere (weights never vanish)
		for (int y = 0; y < 90; y++) {
			for (int x = 0; x < 150; x++) {
				assertTrue(weights[x + 150 * y] > 0);
				assertEquals(x * 0.5 + y, sum[x + 150 * y] / weights[x + 150 * y], 1e-4);
			}
		}
	}

	@Test
	void cancellationStopsTheRunWithoutOutput() {
		final ImagePlus in = hyperstack(32, 32, 1, 1, 1);
		final int[] steps = new int[1];
		assertThrows(java.util.concurrent.CancellationException.class, () -> RESTORER.restore(in, options(new NoiseSpec.Gaussian(30), null, 2),
			(u, n, s, t) -> steps[0] = s, () -> steps[0] >= 3));
		assertEquals(3, steps[0]);
	}

	private static String error(final ImagePlus in, final StackRestorer.Options o) {
		return assertThrows(RestorationException.class, () -> RESTORER.restore(in, o, (u, n, s, t) -> {}, () -> false)).getMessage();
	}

	@Test
	void badImagesGetClearErrors() {
		final StackRestorer.Options o = options(new NoiseSpec.Gaussian(30), null, 2);
		assertTrue(error(null, o).contains("open an image"));
		assertTrue(error(new ImagePlus(), o).contains("empty"));
		assertTrue(error(new ImagePlus("rgb", new ColorProcessor(32, 32)), o).contains("RGB"));
		assertTrue(error(new ImagePlus("tiny", new FloatProcessor(8, 40)), o).contains("at least 16 x 16"));
		final FloatProcessor nan = new FloatProcessor(32, 32);
		nan.setf(3, 4, Float.NaN);
		final String m = error(new ImagePlus("nan", nan), o);
		assertTrue(m.contains("NaN") && m.contains("x=3, y=4"), m);
	}

	@Test
	void saturatedPixelsAreMaskedWithAWarning() throws Exception {
		final ByteProcessor bp = new ByteProcessor(32, 32);
		for (int i = 0; i < 32 * 32; i++) bp.set(i, 40 + i % 50);
		for (int i = 0; i < 5; i++) bp.set(10 + i, 10, 255);
		final StackRestorer.Result r = RESTORER.restore(new ImagePlus("sat", bp), options(new NoiseSpec.Gaussian(5), null, 2), (u, n, s, t) -> {},
			() -> false);
		assertEquals(1, r.warnings().size());
		assertTrue(r.warnings().get(0).startsWith("5 saturated pixels"), r.warnings().get(0));
		// masked pixels are filled in by the prior, not pulled to 255 by the data
		assertTrue(r.mean().getProcessor().getf(12, 10) < 200, "saturated pixel estimate " + r.mean().getProcessor().getf(12, 10));
	}

	@Test
	void badNoiseParametersAreRejected() {
		assertTrue(assertThrows(IllegalArgumentException.class, () -> new NoiseSpec.Camera(0, 100, 2)).getMessage().contains("gain"));
		assertTrue(assertThrows(IllegalArgumentException.class, () -> new NoiseSpec.Camera(1, 100, -1)).getMessage().contains("read noise"));
		assertTrue(assertThrows(IllegalArgumentException.class, () -> new NoiseSpec.Gaussian(-2)).getMessage().contains("positive"));
	}

	@Test
	void badPsfsGetClearErrors() {
		final ImageShape s2 = new ImageShape(5, 5);
		final float[] nan = new float[25];
		java.util.Arrays.fill(nan, Float.NaN);
		assertTrue(assertThrows(RestorationException.class, () -> PointSpreadFunction.of(s2, nan, "p")).getMessage().contains("no finite"));
		assertTrue(assertThrows(RestorationException.class, () -> PointSpreadFunction.of(s2, new float[25], "p")).getMessage().contains("empty"));
		final float[] constant = new float[25];
		java.util.Arrays.fill(constant, 7);
		final String flat = assertThrows(RestorationException.class, () -> PointSpreadFunction.of(s2, constant, "p")).getMessage();
		assertTrue(flat.contains("no positive values above its background"), flat);
		final ImagePlus image = hyperstack(32, 32, 1, 1, 1);
		final float[] big = new float[41 * 41];
		big[big.length / 2] = 1;
		final String large = error(image, options(new NoiseSpec.Gaussian(30), psfOf(new ImageShape(41, 41), big), 2));
		assertTrue(large.contains("larger than the image"), large);
		final float[] cube = new float[27];
		cube[13] = 1;
		final String dims = error(image, options(new NoiseSpec.Gaussian(30), psfOf(new ImageShape(3, 3, 3), cube), 2));
		assertTrue(dims.contains("is 3D") && dims.contains("single z plane"), dims);
	}

	private static PointSpreadFunction psfOf(final ImageShape s, final float[] v) {
		try {
			return PointSpreadFunction.of(s, v, "psf");
		}
		catch (final RestorationException e) {
			throw new AssertionError(e);
		}
	}
}
