package org.almc.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.almc.bench.Benchmark.Case;
import org.almc.core.ImageShape;
import org.almc.core.ScoreModel;
import org.almc.model.ModelMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * The whole benchmark on a tiny phantom with an exact, shape-free prior (independent Gaussian pixels), so
 * that it runs in seconds: every method on every case, the outputs and their keys.
 */
class BenchmarkHarnessTest {

	/** Independent Gaussian pixels {@code N(m, v)}: {@code D(u, sigma) = (m sigma^2 + v u) / (sigma^2 + v)}, exact. */
	static final class PixelGaussianPrior implements ScoreModel {

		static final double MEAN = 0.3, VARIANCE = 0.1;

		@Override
		public void denoise(final ImageShape shape, final float[][] noisy, final double sigma, final float[][] out) {
			final double s2 = sigma * sigma;
			for (int c = 0; c < noisy.length; c++) {
				for (int i = 0; i < noisy[c].length; i++) out[c][i] = (float) ((MEAN * s2 + VARIANCE * noisy[c][i]) / (s2 + VARIANCE));
			}
		}

		@Override
		public boolean supportsVectorJacobianProduct() {
			return true;
		}

		@Override
		public void denoiseVectorJacobianProduct(final ImageShape shape, final float[][] noisy, final double sigma, final float[][] v,
			final float[][] out)
		{
			final double gain = VARIANCE / (sigma * sigma + VARIANCE);
			for (int c = 0; c < v.length; c++) {
				for (int i = 0; i < v[c].length; i++) out[c][i] = (float) (gain * v[c][i]);
			}
		}
	}

	@Test
	void everyMethodOnEveryCaseWithItsOutputs(@TempDir final Path dir) throws Exception {
		final ModelMetadata meta = new ModelMetadata();
		meta.name = "pixel-gaussian";
		meta.sigmaMin = 0.01;
		meta.sigmaMax = 60;
		meta.sizeMultiple = 4;
		final List<BenchmarkData.Crop> crops = BenchmarkData.phantoms(meta, 48, 1);
		final Benchmark.Config config = new Benchmark.Config(true, crops, BenchmarkData.levels(), List.of(BenchmarkData.Task.values()),
			new BenchmarkData.Camera(1, 100, 2), 2, new int[] { 5 }, new int[] { 5 }, new int[] { 5 }, new double[] { 0.01 }, 10, 1, 1, 1,
			32, 3, 7, new double[] { 0.1 });
		final List<Benchmark.Result> partials = new ArrayList<>();
		final Benchmark.Result result = new Benchmark(new PixelGaussianPrior(), meta, config, m -> {}, partials::add).run();

		// after every measurement the results so far, without the speed section; the JSON says so
		assertEquals(2 * 3 + 1, partials.size()); // 2 tasks x 3 levels, then the self-consistency cases
		for (int k = 0; k < partials.size(); k++) {
			assertNull(partials.get(k).speed());
			assertEquals(result.cases().subList(0, partials.get(k).cases().size()), partials.get(k).cases());
		}
		assertEquals(result.cases(), partials.get(partials.size() - 1).cases());
		final JsonObject partialJson = BenchReport.toJson(partials.get(0), Map.of("complete", false));
		assertTrue(partialJson.get("speed").isJsonNull());
		assertTrue(partialJson.getAsJsonArray("cases").size() > 0);
		assertTrue(BenchReport.markdown(partials.get(0), List.of()).contains("Speed section: not measured"));

		// denoise: gaussian, tikhonov, prior, almc, almc-states, dps, langevin; deconvolve adds richardson-lucy; 3 levels each;
		// self-consistency: gaussian, prior, almc, almc-states at one level
		assertEquals(3 * 7 + 3 * 8 + 4, result.cases().size());
		for (final Case c : result.cases()) {
			switch (c.method()) {
				case "almc" -> {
					// camera cases: 4 levels + 1 settling step + 1 variance probe; self-consistency: the balanced preset
					assertEquals(c.task().equals(Benchmark.GAUSSIAN_TASK) ? 60 : 6, c.nfe(), c.toString());
					assertTrue(c.coverage90() >= 0 && c.coverage90() <= 1, c.toString());
					if (!c.task().equals(Benchmark.GAUSSIAN_TASK)) {
						// the phantoms have both flat background and bright structure
						assertTrue(c.coverage90Flat() >= 0 && c.coverage90Flat() <= 1, c.toString());
						assertTrue(c.coverage90Bright() >= 0 && c.coverage90Bright() <= 1, c.toString());
						// the phantoms carry next to no noise of their own: widening by it changes little
						assertTrue(c.coverage90GivenTruthNoise() >= c.coverage90() && c.coverage90GivenTruthNoise() <= c.coverage90() + 0.05, c.toString());
					}
				}
				case "almc-states" -> {
					assertEquals(c.task().equals(Benchmark.GAUSSIAN_TASK) ? 60 : 6, c.nfe(), c.toString());
					assertTrue(Double.isNaN(c.coverage90GivenTruthNoise()), "a predictive interval of few draws is not widened: " + c);
				}
				case "dps" -> {
					assertEquals(5, c.nfe());
					assertEquals(4, c.vjp());
				}
				case "wiener-tikhonov" -> {
					// the oracle may pick lambda = 1e-4 (nearly the data) for denoising: never much worse than the data
					if (c.task().equals("denoise")) assertTrue(c.psnr() >= c.psnrMeasurement() - 0.05, c.toString());
					assertTrue(Double.isNaN(c.coverage90()));
				}
				case "gaussian", "richardson-lucy" -> assertTrue(Double.isFinite(c.psnr()) && c.ssim() <= 1, c.toString());
				default -> {}
			}
		}
		final Benchmark.Speed speed = result.speed();
		assertTrue(speed.scoreMpxPerS256() > 0 && speed.scoreMpxPerS512() > 0);
		assertTrue(speed.operatorMs512() > 0 && speed.paddedOperatorMs512() > 0);
		assertTrue(speed.overheadFraction() >= 0 && speed.overheadFraction() < 1, "overhead " + speed.overheadFraction());
		assertTrue(speed.extrapolated(), "a 32 x 32 posterior stopped after 3 steps is an extrapolation");
		assertEquals(org.almc.restore.Quality.BALANCED.settings(1e-3, 100, 0).networkEvaluations(), speed.posteriorNfe());
		assertEquals(org.almc.restore.Quality.DEFAULT_SAMPLES, speed.posteriorChains());

		final Path json = dir.resolve("bench.json");
		final List<Path> written = BenchReport.write(result, Map.of("mode", "test"), List.of("a note"), json, dir.resolve("report"));
		assertEquals(1 + 1 + 2 + 7, written.size()); // JSON, bench.md, 2 panels, 7 plots (one per task and level)
		for (final Path p : written) assertTrue(Files.size(p) > 100, p + " is (nearly) empty");
		final JsonObject root = JsonParser.parseString(Files.readString(json)).getAsJsonObject();
		assertEquals(result.cases().size(), root.getAsJsonArray("cases").size());
		final JsonObject first = root.getAsJsonArray("cases").get(0).getAsJsonObject();
		for (final String key : List.of("task", "level", "method", "nfe", "psnr", "ssim", "coverage90", "coverage90_flat", "coverage90_bright",
			"seconds")) {
			assertTrue(first.has(key), "case key " + key);
		}
		for (final String key : List.of("score_mpx_per_s_256", "score_mpx_per_s_512", "operator_apply_adjoint_ms_512",
			"operator_apply_adjoint_ms_512_padded_fft", "overhead_fraction", "posterior_512_seconds")) {
			assertTrue(root.getAsJsonObject("speed").get(key).getAsDouble() > 0 || key.equals("overhead_fraction"), "speed key " + key);
		}
		final String md = Files.readString(dir.resolve("report").resolve("bench.md"));
		assertTrue(md.contains("| denoise | medium-noise | almc | 6 |"), md);
		assertTrue(md.contains("| denoise | medium-noise | almc-states | 6 |"), md);
		assertTrue(md.contains("Self-consistency") && md.contains("| sigma 0.10 |"), md);
		// the phantom truth carries no noise of its own
		assertEquals(crops.size(), root.getAsJsonArray("truth_noise").size());
		final JsonObject truthNoise = root.getAsJsonArray("truth_noise").get(0).getAsJsonObject();
		assertEquals(crops.get(0).name(), truthNoise.get("image").getAsString());
		assertTrue(truthNoise.get("noise_rms").getAsDouble() < 1e-3 * truthNoise.get("range").getAsDouble(), truthNoise.toString());
		assertTrue(md.contains("The truths' own noise") && md.contains("| " + crops.get(0).name() + " | "), md);
		assertTrue(md.contains("denoise, 100 photons |") && md.contains("deconvolve, 20 photons |"), md);
	}
}
