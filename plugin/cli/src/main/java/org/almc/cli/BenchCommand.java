package org.almc.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;

import org.almc.bench.BenchReport;
import org.almc.bench.Benchmark;
import org.almc.bench.BenchmarkData;
import org.almc.restore.ModelLocator;
import org.almc.restore.Quality;
import org.almc.restore.RestorationException;
import org.almc.tf.TfScoreModel;
import org.almc.train.PriorReport;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code bench}: ALMC against DPS, plain Langevin, the prior denoiser and oracle-tuned classical methods; speed. */
@Command(name = "bench", mixinStandardHelpOptions = true,
	description = "Benchmark restoration quality (PSNR, SSIM, 90%% interval coverage) and speed on held-out crops of the real "
		+ "BPAE images and on phantoms, degraded by simulated widefield blur and camera noise at three photon levels.")
public final class BenchCommand implements Callable<Integer> {

	/** The balanced preset's levels (60 network evaluations with its settling steps and probe), as bench overrides them. */
	static final int BALANCED_LEVELS = 50;

	/** White Gaussian noise levels (fractions of the range) of the self-consistency cases. */
	static final double[] GAUSSIAN_LEVELS = { 0.05, 0.1, 0.2 };

	@CommandLine.Spec
	CommandLine.Model.CommandSpec spec;

	@Option(names = "--quick", description = "Small run (one real crop and one phantom of 128 x 128, " + Quality.DEFAULT_SAMPLES + " chains, small budgets, "
		+ "DPS guidance fixed, the 512 x 512 posterior extrapolated from 3 steps at 256 x 256): about 5 minutes on 2 cores. "
		+ "Without it: one 256-high crop of each real image and a 256 x 256 phantom, " + Quality.DEFAULT_SAMPLES + " chains, ALMC at 30/50/100/200 levels, "
		+ "Langevin at 60/240 steps, DPS at 60/120 levels with its guidance picked by oracle, the 512 x 512 posterior timed in full: "
		+ "many hours on 2 cores.")
	boolean quick;

	@Option(names = "--speed-only", description = "Only the speed section: network throughput and the 512 x 512 balanced " +
		"posterior with the default number of chains, timed in full (about a minute on 2 cores); no quality cases.")
	boolean speedOnly;

	@Option(names = "--json", paramLabel = "FILE", description = "Write every case and the speed numbers as JSON to FILE.")
	Path json;

	@Option(names = "--report", paramLabel = "DIR", description = "Write bench.md and PNG figures into DIR.")
	Path report;

	@Option(names = "--model", paramLabel = "DIR", description = "Score model folder for every case (default: the bundled " +
		"models, each task with the one its command uses).")
	String model;

	@Option(names = "--data", paramLabel = "DIR", description = "Folder of the BPAE images (default: ${DEFAULT-VALUE}).")
	Path data = Paths.get("..", "shared", "data");

	/** Which truths the quality cases restore. */
	enum Images {
		bpae, other_labs, strips;

		@Override
		public String toString() {
			return name().replace('_', '-');
		}
	}

	@Option(names = "--images", paramLabel = "bpae|other-labs|strips", converter = ImagesConverter.class, description = "Truths: bpae (default), " +
		"the held-out columns of the BPAE images and phantoms; other-labs, the eight whole held-out images of other labs that " +
		"prior-report uses (microtubules, actin, Golgi, nuclear pores, membranes, bacteria, tissue nuclei, speckles; in --data/train), " +
		"central 128 x 128 crops with --quick, else 256 x 256, restored by ALMC at the balanced budget against the oracle classical " +
		"filters and the one pass (no DPS, Langevin, self-consistency or speed section); strips, two crops of each held-out BPAE strip " +
		"(128 x 128 with --quick, else 256 x 256) and a phantom, restored the same way, oracle Richardson-Lucy up to 200 iterations.")
	Images images = Images.bpae;

	@Option(names = "--tasks", split = ",", paramLabel = "denoise,deconvolve", converter = TaskConverter.class, description =
		"The tasks to run (default: both).")
	List<BenchmarkData.Task> tasks;

	@Option(names = "--photons", split = ",", paramLabel = "N", description = "Photon levels to run, of 1000, 100 and 20 (default: all three).")
	List<Integer> photons;

	@Mixin
	TensorFlowOptions tensorFlow = new TensorFlowOptions();

	@Option(names = "--seed", description = "Random seed of the simulated noise and the samplers (default: ${DEFAULT-VALUE}).")
	long seed = 1;

	@Override
	public Integer call() throws IOException, RestorationException {
		final PrintWriter out = spec.commandLine().getOut();
		if (json == null && report == null) {
			throw new CommandLine.ParameterException(spec.commandLine(), "Give --json FILE and/or --report DIR: the benchmark has nowhere to write");
		}
		if (speedOnly && images != Images.bpae) {
			throw new CommandLine.ParameterException(spec.commandLine(), "--images takes no " + images + " with --speed-only: the speed section " +
				"is the same for every image set; drop one of the two");
		}
		final List<BenchmarkData.Level> levels = levels();
		// each task with the prior its command picks (--model: one for both)
		final Path modelDir = ModelLocator.locate(model, false), deconvolutionDir = ModelLocator.locate(model, true);
		final long start = System.nanoTime();
		final double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
		try (TfScoreModel score = tensorFlow.load(modelDir);
			TfScoreModel other = deconvolutionDir.equals(modelDir) ? null : tensorFlow.load(deconvolutionDir))
		{
			final TfScoreModel deconvolutionScore = other == null ? score : other;
			final var meta = score.metadata();
			final boolean otherLabs = images == Images.other_labs, strips = images == Images.strips;
			final List<BenchmarkData.Crop> crops = new ArrayList<>();
			if (otherLabs) {
				crops.addAll(PriorReport.benchCrops(data.resolve("train"), quick ? 128 : 256, Math.max(4, Math.max(meta.sizeMultiple, deconvolutionScore
					.metadata().sizeMultiple))));
			}
			else if (strips) {
				crops.addAll(BenchmarkData.heldOutCrops(meta, data, quick ? 128 : 256, 2));
				crops.addAll(BenchmarkData.phantoms(meta, quick ? 128 : 256, 1));
			}
			else {
				final List<BenchmarkData.Crop> real = BenchmarkData.heldOutCrops(meta, data, quick ? 128 : 256, 1);
				if (!speedOnly) {
					crops.addAll(quick ? real.subList(0, 1) : real);
					crops.addAll(BenchmarkData.phantoms(meta, quick ? 128 : 256, 1));
				}
			}
			final List<BenchmarkData.Task> taskList = tasks == null ? List.of(BenchmarkData.Task.values()) : List.copyOf(tasks);
			final Benchmark.Config config = otherLabs || strips
				? new Benchmark.Config(quick, crops, levels, taskList, camera(), Quality.DEFAULT_SAMPLES, new int[] { BALANCED_LEVELS },
					new int[0], new int[0], new double[0], quick && otherLabs ? 50 : 200, 0, 0, 0, 0, 0, seed, new double[0])
				: quick
				? new Benchmark.Config(true, crops, levels, taskList, camera(),
					Quality.DEFAULT_SAMPLES, new int[] { 30, 50 }, new int[] { 60 }, new int[] { 40 }, new double[] { 0.01 }, 50, 4, 2, 3, 256, 3, seed,
					GAUSSIAN_LEVELS)
				: new Benchmark.Config(false, crops, levels, taskList, camera(),
					Quality.DEFAULT_SAMPLES, new int[] { 30, 50, 100, 200 }, new int[] { 60, 240 }, new int[] { 60, 120 }, new double[] { 0.03, 0.01 }, 200, 8, 8, 5,
					512, 0, seed, GAUSSIAN_LEVELS);
			final Function<Boolean, Map<String, Object>> info = complete -> {
				final Map<String, Object> i = new LinkedHashMap<>();
				i.put("mode", quick ? "quick" : "full");
				i.put("complete", complete);
				i.put("model", meta.name);
				i.put("model_dir", modelDir.toString());
				i.put("deconvolution_model", deconvolutionScore.metadata().name);
				i.put("images", String.join(", ", crops.stream().map(c -> c.name() + " (" + c.width() + "x" + c.height() + ")").toList()));
				i.put("chains", config.chains());
				i.put("camera", "gain " + config.camera().gain() + " ADU/e-, offset " + config.camera().offset() + " ADU, read noise " +
					config.camera().readNoise() + " ADU");
				i.put("psf", "Born-Wolf NA 1.4, 520 nm, n 1.515, 100 nm pixels, 15 x 15, mirror boundaries");
				i.put("seed", seed);
				i.put("cores", Runtime.getRuntime().availableProcessors());
				i.put("load_average_at_start", load);
				i.put("tensorflow_threads", tensorFlow.threads);
				i.put("precision", score.precision().label());
				i.put("total_seconds", (System.nanoTime() - start) / 1e9);
				return i;
			};
			// a full run takes hours: what is measured is written after every measurement, marked incomplete
			final Benchmark.Result result = new Benchmark(score, meta, deconvolutionScore, deconvolutionScore.metadata(), config, m -> {
				out.printf(Locale.ROOT, "[%6.1f s] %s%n", (System.nanoTime() - start) / 1e9, m);
				out.flush();
			}, partial -> {
				try {
					BenchReport.write(partial, info.apply(false), notes(config, crops, load, (System.nanoTime() - start) / 1e9), json, report);
				}
				catch (final IOException e) {
					throw new UncheckedIOException(e);
				}
			}).run();
			final double seconds = (System.nanoTime() - start) / 1e9;
			final List<String> notes = notes(config, crops, load, seconds);
			for (final Path p : BenchReport.write(result, info.apply(true), notes, json, report)) out.println("Wrote " + p);
			out.print(BenchReport.markdown(result, notes));
			out.flush();
		}
		return 0;
	}

	/** The photon levels of {@code --photons}, in the bench's order; all three without it. */
	private List<BenchmarkData.Level> levels() {
		if (photons == null) return BenchmarkData.levels();
		final List<BenchmarkData.Level> chosen = BenchmarkData.levels().stream().filter(l -> photons.contains((int) Math.round(l.peakPhotons())))
			.toList();
		if (chosen.size() != photons.size()) {
			throw new CommandLine.ParameterException(spec.commandLine(), "--photons takes 1000, 100 and 20 (any of them, comma-separated), got " +
				photons);
		}
		return chosen;
	}

	/** {@code --images}: the enum's names with a dash. */
	static final class ImagesConverter implements CommandLine.ITypeConverter<Images> {

		@Override
		public Images convert(final String value) {
			for (final Images i : Images.values()) {
				if (i.toString().equalsIgnoreCase(value)) return i;
			}
			throw new CommandLine.TypeConversionException("--images takes bpae, other-labs or strips, got '" + value + "'");
		}
	}

	/** {@code --tasks}: denoise or deconvolve, any case. */
	static final class TaskConverter implements CommandLine.ITypeConverter<BenchmarkData.Task> {

		@Override
		public BenchmarkData.Task convert(final String value) {
			for (final BenchmarkData.Task t : BenchmarkData.Task.values()) {
				if (t.label().equalsIgnoreCase(value.trim())) return t;
			}
			throw new CommandLine.TypeConversionException("--tasks takes denoise and deconvolve, got '" + value + "'");
		}
	}

	private static BenchmarkData.Camera camera() {
		return new BenchmarkData.Camera(1, 100, 2);
	}

	private List<String> notes(final Benchmark.Config config, final List<BenchmarkData.Crop> crops, final double load, final double seconds) {
		final List<String> notes = new ArrayList<>();
		notes.add(String.format(Locale.ROOT, "%s mode, %d image(s): %s; %d chains per sampler run; seed %d; total %.0f s on %d cores " +
			"(load average %.1f at start: the machine was shared, timings are noisy).", config.quick() ? "quick" : "full", crops.size(),
			String.join(", ", crops.stream().map(c -> c.name() + " " + c.width() + "x" + c.height()).toList()), config.chains(), seed, seconds,
			Runtime.getRuntime().availableProcessors(), load));
		if (images == Images.other_labs) {
			notes.add("Truths: the whole held-out images of prior-report (other labs, structures and microscopes no bundled prior was " +
				"trained on), central crops, each normalized by its own percentiles 1 and 99.8 and clipped at 0.");
		}
		if (images == Images.strips) {
			notes.add("Truths: two crops of each held-out BPAE strip (the columns no bundled prior was trained on, normalized as the " +
				"model's training data was) and a phantom; oracle Richardson-Lucy up to 200 iterations.");
		}
		notes.add("Measurement: y = 100 + Poisson(peak x (k * x)) + N(0, 2^2) ADU, x the truth (0 = background, 1 = bright percentile), " +
			"peak 1000 / 100 / 20 photons; k a Born-Wolf PSF (NA 1.4, 520 nm, 100 nm pixels) for deconvolution, none for denoising. " +
			"Metrics in the truth's units; PSNR and SSIM (11 x 11 Gaussian window, sigma 1.5) with the truth's range.");
		notes.add("Classical baselines (gaussian, wiener-tikhonov with a gradient penalty, richardson-lucy) get the setting that maximizes " +
			"PSNR against the truth (an oracle no user has); their seconds are one run at that setting. The prior denoiser is one network " +
			"pass as prior-denoise runs it (the camera noise variance-stabilized first) and does not deblur.");
		final boolean baselines = config.dpsLevels().length > 0;
		notes.add((baselines ? "DPS (Chung et al. 2023, variance-exploding form) diverges with guidance 1 at these likelihood curvatures; " +
			(config.dpsGuidances().length > 1 ? "the oracle picks its guidance from " + java.util.Arrays.toString(config.dpsGuidances()) + " per case"
				: "its guidance is fixed at " + config.dpsGuidances()[0] + " (quick mode; the full run picks it by oracle)") + ". "
			: "DPS and plain Langevin are not run with --images " + images + ". ") +
			"ALMC: Quality.BALANCED settings (from " + Quality.RELATIVE_START_LEVEL + " x the stopping level, at most " + Quality.SIGMA_MAX +
			", down to " + Quality.RELATIVE_STOPPING_LEVEL + " x the median noise std, steps implicit in the likelihood of scale " +
			Quality.STEP_SCALE + ", mean and std from Tweedie's clean estimates given the noised image, one variance probe, chains in " +
			"antithetic pairs) with the levels set to the budget; almc-states: " +
			"the same budget read the paper's way (states at sigma 0.01)" + (baselines ? "; DPS over the same noise range; plain Langevin: " +
				"unpreconditioned, the guide's step rule (c = 0.3), score at sigma_min, from N(0, I)." : "."));
		notes.add("NFE: network evaluations per chain (ALMC: levels + settling steps + variance probes); the normalization's one " +
			"denoising pass of one image, shared by all learned methods, is not counted; VJP: vector-Jacobian products per chain (DPS, each " +
			"costing several forward passes); seconds: wall time of the whole run (all chains, warm start included).");
		notes.add("PSNR, chains -> inf: the PSNR the mean of infinitely many chains would have, estimated as " +
			"MSE - mean(e^2), e the Monte Carlo standard error of the n-chain mean: s / sqrt(n) for independent chains, s the " +
			"spread of the chains' estimates (states, or clean estimates); for ALMC's antithetic pairs, from the spread of the pair " +
			"means; it separates a sampler's bias from the noise of a few-chain average.");
		if (config.gaussianLevels().length > 0) notes.add("denoise-gaussian (self-consistency): the truth as 100 + 1000 x in raw units, white Gaussian noise at " + java.util.Arrays
			.toString(GAUSSIAN_LEVELS) + " of its range, restored through the whole pipeline (balanced preset, 8 chains) and by one pass " +
			"of the prior's denoiser at the known sigma, which is the exact posterior mean under the prior for this measurement; the " +
			"chains -> inf PSNR from two runs with different seeds (MSE(m_1) - mean|m_1 - m_2|^2 / 2).");
		notes.add("cov90: fraction of pixels whose truth lies in mean +- t(0.95, n-1) sqrt(1 + 1/n) std, the 90% Gaussian predictive " +
			"interval from n chains (exactly 90% for exact Gaussian posterior samples at any n); for ALMC's clean-estimate readout, " +
			"whose variance pools chains, steps and probes, mean +- 1.645 sqrt(std^2 + e^2) (e the mean's Monte Carlo " +
			"error, as above; in the self-consistency cases |m_1 - m_2| / sqrt(2)); in brackets the same over the flat background " +
			"(posterior mean below " + Benchmark.FLAT_BELOW + " of the peak) and over bright structure (above " + Benchmark.BRIGHT_ABOVE +
			"; split by the data: a split by the truth is biased even for exact intervals, a dim truth lying below its posterior mean " +
			"more often than not); corr: Pearson correlation of the posterior std with abs(mean - truth).");
		return notes;
	}
}
