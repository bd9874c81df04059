package org.almc.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;
import java.util.function.ToDoubleFunction;

import org.almc.bench.BenchmarkData.Camera;
import org.almc.bench.BenchmarkData.Crop;
import org.almc.bench.BenchmarkData.Level;
import org.almc.bench.BenchmarkData.Task;
import org.almc.core.ImageShape;
import org.almc.core.MeasurementModel;
import org.almc.core.ScoreModel;
import org.almc.core.noise.NoiseModel;
import org.almc.core.operator.ForwardOperator;
import org.almc.core.operator.PsfConvolution;
import org.almc.core.sampler.AlmcSampler;
import org.almc.core.sampler.DpsSampler;
import org.almc.core.sampler.LangevinSampler;
import org.almc.core.sampler.PosteriorSampler;
import org.almc.core.sampler.PosteriorSamples;
import org.almc.core.sampler.SamplerMonitor;
import org.almc.model.ModelMetadata;
import org.almc.model.PercentileNormalization;
import org.almc.restore.NoiseSpec;
import org.almc.restore.PriorDenoiser;
import org.almc.restore.Quality;
import org.almc.restore.RestorationException;
import org.almc.restore.SamplingDomain;

/**
 * The restoration benchmark: every method on the same simulated measurements of the same truths, scored
 * against the truth; and the speed of the score network and of the sampler.
 * <p>
 * Samplers work as the pipeline does ({@link org.almc.restore.StackRestorer}): the measurement is
 * percentile-normalized with the model's convention, the camera model is the Poisson-Gaussian weighted
 * least squares in those units, ALMC uses {@link Quality#settings} (DCT-preconditioned) with the number of
 * levels overridden by the budget. DPS and plain Langevin get the same network, noise range and budgets
 * (DPS pays one vector-Jacobian product per step on top). Classical baselines get oracle settings.
 */
public final class Benchmark {

	/**
	 * @param chains posterior samples per sampler run
	 * @param almcLevels ALMC budgets (noise levels; network evaluations add the settling steps)
	 * @param langevinSteps plain Langevin budgets (steps = network evaluations)
	 * @param dpsLevels DPS budgets (levels = network evaluations = vector-Jacobian products)
	 * @param dpsGuidances DPS guidance multipliers; the oracle keeps the best (by PSNR) per budget
	 * @param richardsonLucyIterations the largest iteration count the oracle may pick
	 * @param speedRepeats repeated, timed network calls per size
	 * @param posteriorSize side of the timed posterior: 512, or smaller to extrapolate to 512 by pixel count; 0 for
	 *          no speed section (the result's speed is null)
	 * @param posteriorSteps steps of the timed posterior actually run before extrapolating to the
	 *          balanced preset; 0 runs the whole posterior
	 * @param gaussianLevels white Gaussian noise levels (fractions of the range) of the self-consistency
	 *          cases ({@link SelfConsistency}); empty for none
	 */
	public record Config(boolean quick, List<Crop> crops, List<Level> levels, List<Task> tasks, Camera camera, int chains,
		int[] almcLevels, int[] langevinSteps, int[] dpsLevels, double[] dpsGuidances, int richardsonLucyIterations,
		int speedChains256, int speedChains512, int speedRepeats, int posteriorSize, int posteriorSteps, long seed, double[] gaussianLevels)
	{}

	/** The task label of the self-consistency cases (white Gaussian noise, no blur, whole pipeline). */
	public static final String GAUSSIAN_TASK = "denoise-gaussian";

	/**
	 * One method on one measurement.
	 *
	 * @param coverage90Flat coverage90 over the pixels whose posterior mean is below {@link #FLAT_BELOW} of the peak (NaN
	 *          where there is no interval or no such pixel): split by the data, not by the truth, whose split is biased
	 *          even for exact intervals ({@link PriorDrawsCalibration})
	 * @param coverage90Bright coverage90 over the pixels whose posterior mean is above {@link #BRIGHT_ABOVE} of the peak
	 * @param coverage90GivenTruthNoise for a sampler that estimates the variance itself, the coverage of its interval
	 *          widened by the truth's own noise ({@link ImageQuality#truthNoise}), {@code mean +- 1.645 sqrt(std^2 + e^2 +
	 *          Var_truth(t))}: the truth is the noise-free image plus that noise, so a posterior calibrated for the
	 *          noise-free image covers 90% of it, where its mean keeps none of that noise (an upper figure: see
	 *          {@link ImageQuality#coverage90GivenTruthNoise}; NaN elsewhere)
	 */
	public record Case(String image, String task, String level, double peakPhotons, String method, long nfe, long vjp,
		int chains, double psnr, double ssim, double coverage90, double stdErrorCorrelation, double seconds, String setting,
		double psnrMeasurement, double psnrInfiniteChains, double coverage90Flat, double coverage90Bright, double coverage90GivenTruthNoise)
	{

		/** A case without the split of coverage90 by intensity. */
		public Case(final String image, final String task, final String level, final double peakPhotons, final String method,
			final long nfe, final long vjp, final int chains, final double psnr, final double ssim, final double coverage90,
			final double stdErrorCorrelation, final double seconds, final String setting, final double psnrMeasurement,
			final double psnrInfiniteChains)
		{
			this(image, task, level, peakPhotons, method, nfe, vjp, chains, psnr, ssim, coverage90, stdErrorCorrelation, seconds, setting,
				psnrMeasurement, psnrInfiniteChains, Double.NaN, Double.NaN, Double.NaN);
		}
	}

	/** Posterior means below this fraction of the peak are the flat background of the coverage split. */
	public static final double FLAT_BELOW = 0.05;
	/** Posterior means above this fraction of the peak are the bright structure of the coverage split. */
	public static final double BRIGHT_ABOVE = 0.3;

	/** Images of one measurement for the figures: truth, measurement, each method's mean, ALMC's std. */
	public record Panels(String image, String task, String level, int width, int height, Map<String, float[]> images) {}

	/**
	 * @param operatorMs512 milliseconds of one blur {@code apply} plus {@code adjoint} at 512 x 512 with the
	 *          bench's PSF, on the DCT-II path the sampler uses for it
	 * @param paddedOperatorMs512 the same on the padded FFT path that PSFs without axis symmetry take
	 */
	public record Speed(double scoreMpxPerS256, double scoreMpxPerS512, double operatorMs512, double paddedOperatorMs512, int chains256,
		int chains512, double stepSeconds512,
		double overheadFraction, double posterior512Seconds, boolean extrapolated, int posteriorNfe, int posteriorChains, String posteriorTask,
		String note) {}

	/**
	 * @param speed null in the partial results handed out while the quality cases run
	 * @param truthNoise each truth's own noise ({@link ImageQuality#truthNoise}), by image name, in the order of the crops
	 */
	public record Result(List<Case> cases, List<Panels> panels, Speed speed, Map<String, ImageQuality.TruthNoise> truthNoise) {}

	private final ScoreModel model;
	private final ModelMetadata metadata;
	/** The prior of the deconvolution cases (as {@code deconvolve} picks it); {@link #model} for the rest. */
	private final ScoreModel deconvolutionModel;
	private final ModelMetadata deconvolutionMetadata;
	private final Config config;
	private final Consumer<String> log;
	private final Consumer<Result> partial;
	/** Each truth's own noise, by crop name, in the crops' order ({@link ImageQuality#truthNoise}). */
	private final Map<String, ImageQuality.TruthNoise> truthNoise;

	public Benchmark(final ScoreModel model, final ModelMetadata metadata, final Config config, final Consumer<String> log) {
		this(model, metadata, config, log, r -> {});
	}

	/**
	 * @param partial receives the results so far after every measurement (all methods on it), with no
	 *          speed section yet, so that a run of hours that is stopped keeps what it measured
	 */
	public Benchmark(final ScoreModel model, final ModelMetadata metadata, final Config config, final Consumer<String> log,
		final Consumer<Result> partial)
	{
		this(model, metadata, model, metadata, config, log, partial);
	}

	/** With a different prior for the deconvolution cases, as the restoration commands pick them. */
	public Benchmark(final ScoreModel model, final ModelMetadata metadata, final ScoreModel deconvolutionModel,
		final ModelMetadata deconvolutionMetadata, final Config config, final Consumer<String> log, final Consumer<Result> partial)
	{
		this.model = model;
		this.metadata = metadata;
		this.deconvolutionModel = deconvolutionModel;
		this.deconvolutionMetadata = deconvolutionMetadata;
		this.config = config;
		this.log = log;
		this.partial = partial;
		final Map<String, ImageQuality.TruthNoise> noise = new LinkedHashMap<>();
		for (final Crop crop : config.crops()) noise.put(crop.name(), ImageQuality.truthNoise(crop.truth(), crop.width(), crop.height()));
		this.truthNoise = Collections.unmodifiableMap(noise);
	}

	public Result run() {
		final List<Case> cases = new ArrayList<>();
		final List<Panels> panels = new ArrayList<>();
		final SplittableRandom root = new SplittableRandom(config.seed());
		for (final Crop crop : config.crops()) {
			for (final Task task : config.tasks()) {
				final ForwardOperator operator = BenchmarkData.operator(task, crop.shape());
				for (final Level level : config.levels()) {
					final SplittableRandom random = root.split();
					final float[] y = BenchmarkData.simulate(operator, crop.truth(), level, config.camera(), random);
					final boolean keep = crop == config.crops().get(0) && level == config.levels().get(config.levels().size() / 2);
					final Map<String, float[]> images = keep ? new LinkedHashMap<>() : null;
					log.accept(String.format(java.util.Locale.ROOT, "%s %s %s (%d photons)", crop.name(), task.label(), level.name(),
						Math.round(level.peakPhotons())));
					final int first = cases.size();
					runCase(crop, task, level, operator, y, random, cases, images);
					for (final Case c : cases.subList(first, cases.size())) {
						log.accept(String.format(java.util.Locale.ROOT, "  %-16s nfe %4d  PSNR %7.2f dB  SSIM %.3f  cov90 %.3f  %.1f s", c.method(), c
							.nfe(), c.psnr(), c.ssim(), c.coverage90(), c.seconds()));
					}
					if (keep) panels.add(new Panels(crop.name(), task.label(), level.name(), crop.width(), crop.height(), images));
					partial.accept(new Result(List.copyOf(cases), List.copyOf(panels), null, truthNoise));
				}
			}
		}
		for (final Crop crop : config.crops()) {
			if (config.gaussianLevels().length == 0) break;
			log.accept(crop.name() + " " + GAUSSIAN_TASK + " (self-consistency)");
			final List<SelfConsistency.Row> rows;
			try {
				rows = new SelfConsistency(model, metadata).measure(crop, config.gaussianLevels(), true, config.seed());
			}
			catch (final RestorationException e) {
				throw new IllegalStateException("Self-consistency case on " + crop.name() + ": " + e.getMessage(), e);
			}
			for (final SelfConsistency.Row r : rows) {
				final String level = String.format(java.util.Locale.ROOT, "sigma %.2f", r.level());
				cases.add(new Case(crop.name(), GAUSSIAN_TASK, level, Double.NaN, "gaussian", 0, 0, 1, r.psnrBestGaussian(), r.ssimBestGaussian(),
					Double.NaN, Double.NaN, Double.NaN, "oracle", r.psnrNoisy(), Double.NaN));
				cases.add(new Case(crop.name(), GAUSSIAN_TASK, level, Double.NaN, "prior-denoiser", 1, 0, 1, r.psnrOnePass(), r.ssimOnePass(),
					Double.NaN, Double.NaN, Double.NaN, "known sigma, pipeline", r.psnrNoisy(), Double.NaN));
				cases.add(new Case(crop.name(), GAUSSIAN_TASK, level, Double.NaN, "almc", r.nfe(), 0, SelfConsistency.CHAINS, r.psnrMean(),
					r.ssimMean(), r.coverage90(), r.stdErrorCorrelation(), Double.NaN, "balanced preset, pipeline", r.psnrNoisy(), r
						.psnrInfiniteChains()));
				cases.add(new Case(crop.name(), GAUSSIAN_TASK, level, Double.NaN, "almc-states", r.nfe(), 0, SelfConsistency.CHAINS, r
					.psnrStates(), Double.NaN, Double.NaN, Double.NaN, Double.NaN, "the paper's readout, same cost", r.psnrNoisy(), Double.NaN));
				log.accept(String.format(java.util.Locale.ROOT, "  %s: one pass %.2f dB, almc %.2f dB (gap %+.2f, chains -> inf %+.2f), " +
					"almc-states %.2f dB, cov90 %.3f", level, r.psnrOnePass(), r.psnrMean(), r.gap(), r.infiniteGap(), r.psnrStates(), r
						.coverage90()));
			}
			partial.accept(new Result(List.copyOf(cases), List.copyOf(panels), null, truthNoise));
		}
		final Speed speed = config.posteriorSize() > 0 ? speed() : null;
		return new Result(cases, panels, speed, truthNoise);
	}

	private void runCase(final Crop crop, final Task task, final Level level, final ForwardOperator operator, final float[] y,
		final SplittableRandom random, final List<Case> cases, final Map<String, float[]> images)
	{
		final float[] truth = crop.truth();
		final int w = crop.width(), h = crop.height();
		final float[] measured = BenchmarkData.toRelative(y, level, config.camera());
		final double psnrMeasurement = ImageQuality.psnr(truth, measured);
		if (images != null) {
			images.put("truth", truth);
			images.put("measurement", measured);
		}
		final ToDoubleFunction<float[]> psnr = x -> ImageQuality.psnr(truth, x);
		// Classical baselines on the measurement in the truth's units, oracle-tuned.
		final List<ClassicalRestoration.Tuned> classical = new ArrayList<>();
		final List<Double> classicalSeconds = new ArrayList<>();
		long t0 = System.nanoTime();
		classical.add(ClassicalRestoration.bestGaussian(measured, w, h, new double[] { 0.5, 0.75, 1, 1.25, 1.5, 2, 2.5, 3, 4 }, psnr));
		classicalSeconds.add(timeOnce(() -> ClassicalRestoration.gaussianFilter(measured, w, h, classical.get(0).parameter())));
		final float[] psf = task == Task.DENOISE ? null : BenchmarkData.psf();
		final ClassicalRestoration.Tuned tikhonov = ClassicalRestoration.bestTikhonov(measured, w, h, psf, BenchmarkData.psfShape(),
			ClassicalRestoration.logSpaced(1e-4, 1e1, 21), psnr);
		classical.add(tikhonov);
		classicalSeconds.add(timeOnce(() -> ClassicalRestoration.tikhonovMirror(measured, w, h, psf, BenchmarkData.psfShape(), tikhonov
			.parameter())));
		if (task == Task.DECONVOLVE) {
			t0 = System.nanoTime();
			final ClassicalRestoration.Tuned rl = ClassicalRestoration.bestRichardsonLucy(operator, measured, config
				.richardsonLucyIterations(), psnr);
			final double sweep = (System.nanoTime() - t0) / 1e9;
			classical.add(rl);
			// the oracle's iteration count costs that share of the sweep (the scoring is negligible)
			classicalSeconds.add(sweep * rl.parameter() / config.richardsonLucyIterations());
		}
		for (int k = 0; k < classical.size(); k++) {
			final ClassicalRestoration.Tuned c = classical.get(k);
			cases.add(new Case(crop.name(), task.label(), level.name(), level.peakPhotons(), c.method(), 0, 0, 1, c.score(),
				ImageQuality.ssim(truth, c.image(), w, h), Double.NaN, Double.NaN, classicalSeconds.get(k), "oracle " + c.setting(),
				psnrMeasurement, Double.NaN));
			if (images != null) images.put(c.method(), c.image());
		}

		// The learned methods work in the model's normalized units, like the pipeline, with the task's prior.
		final ScoreModel taskPrior = task == Task.DECONVOLVE ? deconvolutionModel : model;
		final ModelMetadata priorMetadata = task == Task.DECONVOLVE ? deconvolutionMetadata : metadata;
		final NoiseSpec camera = new NoiseSpec.Camera(config.camera().gain(), config.camera().offset(), config.camera().readNoise());
		final PriorDenoiser denoiser = new PriorDenoiser(taskPrior, priorMetadata, Math.max(w, h));
		final PercentileNormalization.Fit fit = normalization(denoiser, y, w, h, camera);
		// the sampler works where the pipeline's does (StackRestorer)
		final SamplingDomain domain = SamplingDomain.of(camera, fit, task == Task.DECONVOLVE);
		final MeasurementModel likelihood = new MeasurementModel(operator.copy(), normalizedNoise(domain, y, crop.shape()), domain.toSampled(
			y), null);
		final double perRelative = 1 / (config.camera().gain() * level.peakPhotons());

		// One-pass prior denoiser as prior-denoise runs it (the camera noise stabilized first); it does not deblur.
		t0 = System.nanoTime();
		final float[] priorRaw;
		try {
			priorRaw = denoiser.denoise(y, w, h, fit, camera);
		}
		catch (final RestorationException e) {
			throw new IllegalStateException(e);
		}
		final double priorSeconds = (System.nanoTime() - t0) / 1e9;
		final float[] prior = BenchmarkData.toRelative(priorRaw, level, config.camera());
		cases.add(new Case(crop.name(), task.label(), level.name(), level.peakPhotons(), "prior-denoiser", 1, 0, 1, ImageQuality.psnr(
			truth, prior), ImageQuality.ssim(truth, prior, w, h), Double.NaN, Double.NaN, priorSeconds,
			"camera noise variance-stabilized (generalized Anscombe)" + (task == Task.DECONVOLVE ? "; no deblurring" : ""),
			psnrMeasurement, Double.NaN));
		if (images != null) images.put("prior-denoiser", prior);

		final AlmcSampler.Settings base = Quality.BALANCED.settings(priorMetadata.sigmaMin, priorMetadata.sigmaMax, 0);
		for (final int levels : config.almcLevels()) {
			final AlmcSampler.Settings s = Quality.BALANCED.settings(priorMetadata.sigmaMin, priorMetadata.sigmaMax, levels);
			runSampler(new AlmcSampler(taskPrior, s), "almc", describe(s, likelihood), crop, task, level, likelihood, domain, perRelative, random,
				psnrMeasurement, cases, images);
			// the paper's readout at the same cost: mean and spread of the final states at sigma_min
			final AlmcSampler.Settings states = Quality.BALANCED.statesSettings(priorMetadata.sigmaMin, priorMetadata.sigmaMax, levels);
			runSampler(new AlmcSampler(taskPrior, states), "almc-states", describe(states, likelihood), crop, task, level, likelihood, domain,
				perRelative, random, psnrMeasurement, cases, images);
		}
		for (final int steps : config.dpsLevels()) {
			// DPS diverges with guidance 1 at these likelihood curvatures: the oracle picks the guidance
			final List<Case> tried = new ArrayList<>();
			final Map<String, float[]> triedImages = images == null ? null : new LinkedHashMap<>();
			Case best = null;
			Map<String, float[]> bestImages = null;
			for (final double g : config.dpsGuidances()) {
				tried.clear();
				if (triedImages != null) triedImages.clear();
				runSampler(new DpsSampler(taskPrior, base.sigmaMax(), base.sigmaMin(), steps, g), "dps", "levels=" + steps + " guidance=" + g +
					(config.dpsGuidances().length > 1 ? " (oracle of " + Arrays.toString(config.dpsGuidances()) + ")" : " (fixed)"), crop, task,
					level, likelihood, domain, perRelative, random, psnrMeasurement, tried, triedImages);
				final Case c = tried.get(0);
				if (best == null || !(best.psnr() >= c.psnr())) {
					best = c;
					bestImages = triedImages == null ? null : new LinkedHashMap<>(triedImages);
				}
			}
			cases.add(best);
			if (images != null) images.putAll(bestImages);
		}
		for (final int steps : config.langevinSteps()) {
			runSampler(new LangevinSampler(taskPrior, base.sigmaMin(), steps, AlmcSampler.Settings.defaults().stepScale(), false), "langevin", "steps=" + steps +
				" sigma=" + base.sigmaMin(), crop, task, level, likelihood, domain, perRelative, random, psnrMeasurement, cases, images);
		}
	}

	private void runSampler(final PosteriorSampler sampler, final String method, final String setting, final Crop crop,
		final Task task, final Level level, final MeasurementModel likelihood, final SamplingDomain domain,
		final double perRelative, final SplittableRandom random, final double psnrMeasurement, final List<Case> cases,
		final Map<String, float[]> images)
	{
		final long t0 = System.nanoTime();
		final PosteriorSamples samples = sampler.sample(likelihood, config.chains(), random.split(), SamplerMonitor.NONE);
		final double seconds = (System.nanoTime() - t0) / 1e9;
		final float[] truth = crop.truth();
		final float[] normalizedMean = samples.mean();
		final float[] mean = BenchmarkData.toRelative(domain.toRaw(normalizedMean), level, config.camera());
		final float[] std = samples.standardDeviation(), error = samples.meanStandardError();
		for (int i = 0; i < std.length; i++) {
			final double scale = domain.stdScale(normalizedMean[i]) * perRelative;
			std[i] *= (float) scale;
			error[i] *= (float) scale;
		}
		// a diverged run (non-finite samples) has no interval to score
		final boolean interval = samples.chains() >= 2 && allFinite(mean) && allFinite(std);
		final boolean[] flat = new boolean[truth.length], bright = new boolean[truth.length];
		for (int i = 0; i < truth.length; i++) {
			flat[i] = mean[i] < FLAT_BELOW;
			bright[i] = mean[i] > BRIGHT_ABOVE;
		}
		cases.add(new Case(crop.name(), task.label(), level.name(), level.peakPhotons(), method, samples.networkEvaluations(), samples
			.jacobianEvaluations(), samples.chains(), ImageQuality.psnr(truth, mean), ImageQuality.ssim(truth, mean, crop.width(), crop
				.height()), interval ? coverage(truth, mean, std, error, samples, null) : Double.NaN, interval ? ImageQuality
					.stdErrorCorrelation(truth, mean, std) : Double.NaN, seconds, setting, psnrMeasurement, interval ? ImageQuality
						.psnrInfiniteChains(truth, mean, error) : Double.NaN, interval ? coverage(truth, mean, std, error, samples, flat)
							: Double.NaN, interval ? coverage(truth, mean, std, error, samples, bright) : Double.NaN, interval && samples
								.hasSamplerVariance() ? ImageQuality.coverage90GivenTruthNoise(truth, mean, std, error, truthNoise.get(crop.name()))
									: Double.NaN));
		if (images != null) {
			// the largest budget of each sampler is the one shown (budgets run in increasing order)
			images.put(method, mean);
			if (method.equals("almc")) images.put("almc-std", std);
		}
	}

	/**
	 * The coverage of the interval that fits the readout: {@code mean +- 1.645 sqrt(std^2 + e^2)} where the
	 * sampler estimates the variance itself (chains, steps and probes pooled; {@code e} the n-chain mean's
	 * {@link PosteriorSamples#meanStandardError() Monte Carlo error}), else the predictive interval of n draws.
	 */
	private static double coverage(final float[] truth, final float[] mean, final float[] std, final float[] error,
		final PosteriorSamples samples, final boolean[] where)
	{
		if (where != null) {
			int count = 0;
			for (final boolean b : where) if (b) count++;
			if (count == 0) return Double.NaN;
			return coverage(select(truth, where, count), select(mean, where, count), select(std, where, count), select(error, where,
				count), samples, null);
		}
		if (!samples.hasSamplerVariance()) return ImageQuality.coverage90(truth, mean, std, samples.chains());
		return ImageQuality.coverage90(truth, mean, std, error);
	}

	/** The {@code count} values of {@code values} where {@code where} holds, in order. */
	private static float[] select(final float[] values, final boolean[] where, final int count) {
		final float[] out = new float[count];
		int k = 0;
		for (int i = 0; i < values.length; i++) if (where[i]) out[k++] = values[i];
		return out;
	}

	/** The pipeline's normalization ({@link PriorDenoiser#fit}) of a measured plane. */
	private static PercentileNormalization.Fit normalization(final PriorDenoiser denoiser, final float[] y, final int w, final int h,
		final NoiseSpec noise)
	{
		try {
			return denoiser.fit(y, w, h, noise);
		}
		catch (final RestorationException e) {
			throw new IllegalStateException("Benchmark measurement without a measurable noise level: " + e.getMessage(), e);
		}
	}

	/** The pipeline's noise model ({@link SamplingDomain#noiseModel}) for a measured plane. */
	private static NoiseModel normalizedNoise(final SamplingDomain domain, final float[] y, final ImageShape shape) {
		try {
			return domain.noiseModel(y, shape);
		}
		catch (final RestorationException e) {
			throw new IllegalStateException("Benchmark measurement without a measurable noise level: " + e.getMessage(), e);
		}
	}

	/** The sampler settings of a case, for the table, with the level where the chains stop on this likelihood. */
	private static String describe(final AlmcSampler.Settings s, final MeasurementModel likelihood) {
		final AlmcSampler.Readout r = s.readout();
		return String.format(java.util.Locale.ROOT, "levels=%d final_steps=%d preconditioned; %s", s.levels(), s.finalSteps(), r
			.usesCleanEstimates() ? String.format(java.util.Locale.ROOT, "clean estimates at sigma_tau=%.3g (%.2f x noise), averaged over %d steps, %d variance probe(s)",
				r.stoppingLevel(s.sigmaMin(), likelihood), r.relativeLevel(), r.averagedSteps(), r.varianceProbes())
				: "states at sigma_tau=" + s.sigmaMin());
	}

	private static boolean allFinite(final float[] v) {
		for (final float a : v) {
			if (!Float.isFinite(a)) return false;
		}
		return true;
	}

	private static double timeOnce(final Runnable r) {
		final long t0 = System.nanoTime();
		r.run();
		return (System.nanoTime() - t0) / 1e9;
	}

	/**
	 * Network throughput at 256^2 and 512^2 (warm, median of repeated batched calls), and a 512 x 512
	 * deconvolution posterior with the default number of chains ({@link Quality#DEFAULT_SAMPLES}) at the balanced preset: run in full, or for its first
	 * {@code posteriorSteps} steps and extrapolated from the measured setup time and per-step time. The
	 * overhead is the share of the timed sampler steps spent outside the network calls.
	 */
	Speed speed() {
		final double rate256 = throughput(256, config.speedChains256());
		final double rate512 = throughput(512, config.speedChains512());
		final double operatorMs = operatorMilliseconds(true);
		final double paddedMs = operatorMilliseconds(false);
		final int size = config.posteriorSize();
		final int chains = Quality.DEFAULT_SAMPLES;
		log.accept("posterior " + size + " x " + size + ", " + chains + " chains, balanced preset" + (config.posteriorSteps() > 0 ? " (first " + config
			.posteriorSteps() + " steps)" : ""));
		final Crop crop = BenchmarkData.phantoms(metadata, size, 1).get(0);
		final Level level = BenchmarkData.levels().get(1);
		final ForwardOperator operator = BenchmarkData.operator(Task.DECONVOLVE, crop.shape());
		final SplittableRandom random = new SplittableRandom(config.seed() + 512);
		final float[] y = BenchmarkData.simulate(operator, crop.truth(), level, config.camera(), random);
		final TimedScoreModel timed = new TimedScoreModel(model);
		final long start = System.nanoTime();
		final NoiseSpec camera = new NoiseSpec.Camera(config.camera().gain(), config.camera().offset(), config.camera().readNoise());
		final PercentileNormalization.Fit fit = normalization(new PriorDenoiser(timed, metadata, size), y, size, size, camera);
		final SamplingDomain domain = SamplingDomain.of(camera, fit, true);
		final MeasurementModel likelihood = new MeasurementModel(operator, normalizedNoise(domain, y, crop.shape()), domain.toSampled(y), null);
		final AlmcSampler.Settings settings = Quality.BALANCED.settings(metadata.sigmaMin, metadata.sigmaMax, 0);
		final int total = settings.networkEvaluations();
		final int stop = config.posteriorSteps() > 0 ? Math.min(Math.max(2, config.posteriorSteps()), total) : total;
		final long[] stepTimes = new long[total + 1];
		final double[] modelTimes = new double[total + 1];
		final int[] done = { 0 };
		final SamplerMonitor monitor = new SamplerMonitor() {

			@Override
			public void progress(final int step, final int steps) {
				done[0] = step;
				if (step <= total) {
					stepTimes[step] = System.nanoTime();
					modelTimes[step] = timed.seconds();
				}
			}

			@Override
			public boolean isCancelled() {
				return done[0] >= stop;
			}
		};
		try {
			new AlmcSampler(timed, settings).sample(likelihood, chains, random.split(), monitor);
		}
		catch (final CancellationException e) {
			// the planned stop of a shortened run: the recorded step times are what is measured
		}
		final long end = System.nanoTime();
		final int measured = done[0];
		final double stepSeconds = (stepTimes[measured] - stepTimes[1]) / 1e9 / (measured - 1);
		final double modelPerStep = (modelTimes[measured] - modelTimes[1]) / (measured - 1);
		final double overhead = 1 - modelPerStep / stepSeconds;
		final double setup = (stepTimes[1] - start) / 1e9 - stepSeconds;
		final double pixels = 512.0 * 512 / (size * (double) size);
		final boolean extrapolated = measured < total || size != 512;
		final double posterior = measured < total || size != 512 ? pixels * (setup + total * stepSeconds) : (end - start) / 1e9;
		final String note = String.format(java.util.Locale.ROOT, "network throughput: median of %d warm batched calls; posterior: " +
			"deconvolution (Born-Wolf PSF, camera noise at %s photons) of a %d x %d phantom, %d chains, balanced preset (%d network " +
			"evaluations per chain); %s%s; overhead = 1 - (time in network calls) / (time of sampler steps 2..%d); setup (normalization, " +
			"warm start, preconditioner) %.1f s, one step %.2f s at %d x %d", config.speedRepeats(), Math.round(level.peakPhotons()), size,
			size, chains, total, measured < total ? "extrapolated from the setup and the mean time of steps 2.." + measured + " of a run stopped after " +
				measured + " steps" : "timed in full", size != 512 ? String.format(java.util.Locale.ROOT, ", scaled to 512 x 512 by the pixel count (x%.0f)",
					pixels) : "", measured, setup, stepSeconds, size, size);
		return new Speed(rate256, rate512, operatorMs, paddedMs, config.speedChains256(), config.speedChains512(), stepSeconds * pixels, overhead, posterior,
			extrapolated, total, chains, "deconvolve", note);
	}

	/**
	 * Milliseconds of one {@code apply} plus {@code adjoint} of the bench's blur at 512 x 512 (median of
	 * repeats, warm), on the DCT-II path or the padded FFT.
	 */
	private double operatorMilliseconds(final boolean cosinePath) {
		final ImageShape shape = new ImageShape(512, 512);
		log.accept("blur apply + adjoint at 512 x 512, " + (cosinePath ? "DCT-II basis" : "padded FFT"));
		final ForwardOperator blur = new PsfConvolution(shape, BenchmarkData.psfShape(), BenchmarkData.psf(), PsfConvolution.Boundary.MIRROR,
			cosinePath);
		final SplittableRandom random = new SplittableRandom(3);
		final float[] x = new float[shape.size()], y = new float[shape.size()];
		for (int i = 0; i < x.length; i++) x[i] = (float) random.nextDouble();
		final double[] ms = new double[Math.max(1, 4 * config.speedRepeats())];
		for (int k = -3; k < ms.length; k++) {
			final long t0 = System.nanoTime();
			blur.apply(x, y);
			blur.adjoint(y, x);
			if (k >= 0) ms[k] = (System.nanoTime() - t0) / 1e6;
		}
		Arrays.sort(ms);
		return ms[ms.length / 2];
	}

	/** Megapixels per second of batched denoiser calls on {@code chains} images of {@code size^2} (median of repeats, warm). */
	private double throughput(final int size, final int chains) {
		log.accept("network throughput at " + size + " x " + size + ", " + chains + " chains");
		final ImageShape shape = new ImageShape(size, size);
		final SplittableRandom random = new SplittableRandom(size);
		final float[][] x = new float[chains][shape.size()];
		for (final float[] c : x) for (int i = 0; i < c.length; i++) c[i] = (float) (0.3 + 0.2 * random.nextGaussian());
		final float[][] out = new float[chains][shape.size()];
		model.denoise(shape, x, 0.1, out);
		final double[] seconds = new double[Math.max(1, config.speedRepeats())];
		for (int k = 0; k < seconds.length; k++) {
			final long t0 = System.nanoTime();
			model.denoise(shape, x, 0.1, out);
			seconds[k] = (System.nanoTime() - t0) / 1e9;
		}
		java.util.Arrays.sort(seconds);
		return chains * (double) shape.size() / 1e6 / seconds[seconds.length / 2];
	}
}
