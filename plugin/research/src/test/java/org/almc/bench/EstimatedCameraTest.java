package org.almc.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Locale;
import java.util.SplittableRandom;

import org.almc.testing.Slow;
import org.almc.tf.TfScoreModel;
import org.almc.testing.Project;
import org.almc.restore.NoiseSpec;
import org.almc.restore.Quality;
import org.almc.restore.RestorationException;
import org.almc.restore.StackRestorer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import ij.ImagePlus;
import ij.process.FloatProcessor;

/**
 * Camera noise without its parameters: the restoration with the gain, offset and read noise estimated
 * from the image comes within {@link #GAP_DB} of the one with the true parameters, through the whole
 * pipeline with the shipped model, on a held-out phantom at 20 and 100 photons; the estimate is reported.
 */
@Slow
class EstimatedCameraTest {

	/** The requirement: the estimated parameters cost at most this much against the true ones. */
	static final double GAP_DB = 0.3;
	static final BenchmarkData.Camera CAMERA = new BenchmarkData.Camera(2, 100, 3);

	private static TfScoreModel model;

	@BeforeAll
	static void load() throws IOException {
		model = TfScoreModel.load(Project.defaultModel(), Runtime.getRuntime().availableProcessors());
	}

	@AfterAll
	static void close() {
		model.close();
	}

	@Test
	void estimatedCameraRestoresAsWellAsTheTrueOne() throws RestorationException {
		final BenchmarkData.Crop crop = BenchmarkData.phantoms(model.metadata(), 128, 1).get(0);
		final StackRestorer restorer = new StackRestorer(model, model.metadata());
		final StringBuilder report = new StringBuilder();
		boolean ok = true;
		for (final double photons : new double[] { 20, 100 }) {
			final BenchmarkData.Level level = new BenchmarkData.Level(photons + " photons", photons);
			final float[] adu = BenchmarkData.simulate(BenchmarkData.operator(BenchmarkData.Task.DENOISE, crop.shape()), crop.truth(), level,
				CAMERA, new SplittableRandom(23));
			final ImagePlus imp = new ImagePlus("camera.tif", new FloatProcessor(crop.width(), crop.height(), adu));
			final double known = psnr(restorer, imp, new NoiseSpec.Camera(CAMERA.gain(), CAMERA.offset(), CAMERA.readNoise()), crop, level,
				null);
			final String[] estimate = new String[1];
			final double estimated = psnr(restorer, imp, new NoiseSpec.EstimatedCamera(false), crop, level, estimate);
			final boolean pass = estimated >= known - GAP_DB;
			ok &= pass;
			report.append(String.format(Locale.ROOT, "%.0f photons: true camera %.2f dB, estimated %.2f dB (%+.2f); %s%s%n", photons, known,
				estimated, estimated - known, estimate[0], pass ? "" : "  <-- FAILS"));
		}
		System.err.print(report);
		assertTrue(ok, "The restoration with the estimated camera must be within " + GAP_DB + " dB of the true camera's:\n" + report);
	}

	private static double psnr(final StackRestorer restorer, final ImagePlus imp, final NoiseSpec noise, final BenchmarkData.Crop crop,
		final BenchmarkData.Level level, final String[] estimate) throws RestorationException
	{
		final StackRestorer.Result r = restorer.restore(imp, new StackRestorer.Options(noise, null, 4, Quality.BALANCED, 0, 5, false, 512,
			Double.NaN), (u, n, s, t) -> {}, () -> false);
		final String info = (String) r.mean().getProperty("Info");
		if (estimate != null) {
			assertEquals(1, r.notes().size(), r.notes().toString());
			assertTrue(r.notes().get(0).startsWith("noise camera gain="), r.notes().toString());
			assertTrue(info.contains("noise_estimate=camera gain="), info);
			estimate[0] = r.notes().get(0);
		}
		else assertTrue(r.notes().isEmpty(), r.notes().toString());
		final float[] relative = BenchmarkData.toRelative((float[]) r.mean().getProcessor().getPixels(), level, CAMERA);
		return ImageQuality.psnr(crop.truth(), relative);
	}
}
