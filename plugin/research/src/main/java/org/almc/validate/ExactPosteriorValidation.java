package org.almc.validate;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.almc.core.ImageShape;
import org.almc.core.MeasurementModel;
import org.almc.core.NoiseLevels;
import org.almc.core.noise.GaussianNoise;
import org.almc.core.operator.ForwardOperator;
import org.almc.core.operator.PsfConvolution;
import org.almc.core.prior.GaussianMixturePrior;
import org.almc.core.prior.GaussianPrior;
import org.almc.core.sampler.AlmcSampler;
import org.almc.core.sampler.DpsSampler;
import org.almc.core.sampler.LangevinSampler;
import org.almc.core.sampler.PosteriorSampler;
import org.almc.core.sampler.PosteriorSamples;
import org.almc.core.sampler.SamplerMonitor;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * Checks the samplers against posteriors known in closed form.
 * <ul>
 * <li>Gaussian: a stationary Gaussian prior on 8 x 8 images, blur by a 5 x 5 Gaussian PSF with mirror
 * boundaries, white Gaussian noise. The posterior is Gaussian; ALMC's sample mean and covariance are
 * compared with it.</li>
 * <li>Mixture: a three-component Gaussian mixture on 1D signals of 16 pixels whose components differ
 * mostly in a pattern the blur almost erases, so the measurement leaves the modes ambiguous. The
 * posterior is a mixture with closed-form weights; each sample is assigned to its most probable
 * posterior component and the mode frequencies are compared with the exact weights for ALMC, DPS and
 * plain Langevin at the same number of network evaluations.</li>
 * </ul>
 */
public final class ExactPosteriorValidation {

	/** Sizes of a validation run. */
	public record Config(int gaussianChains, int mixtureChains, AlmcSampler.Settings settings, long seed) {

		public static Config defaults() {
			return new Config(4000, 2000, AlmcSampler.Settings.defaults().withSigmaRange(30, 0.01).withLevels(1000, 1)
				.withStepScale(0.3).withFinalSteps(50), 20260101L);
		}

		public int levels() {
			return settings.levels();
		}
	}

	/**
	 * @param meanMaxZ largest |sample mean - exact mean| / standard error over pixels
	 * @param covRelFrobenius |S - Sigma|_F / |Sigma|_F
	 * @param covRelFrobeniusMonteCarlo the value of that expected from Monte Carlo error alone
	 * @param varianceRatioMaxDeviation largest |sample variance / exact variance - 1| along the exact
	 *          posterior's principal axes (Monte Carlo standard deviation of each: sqrt(2 / (N - 1)))
	 */
	public record GaussianResult(int dim, int chains, double meanMaxZ, double covRelFrobenius,
		double covRelFrobeniusMonteCarlo, double varianceRatioMaxDeviation, long networkEvaluations, double seconds) {}

	public record MethodWeights(String method, double[] weights, double tv, long networkEvaluations,
		long jacobianEvaluations, double seconds) {}

	public record MixtureResult(int dim, int chains, double[] priorWeights, double[] exactWeights,
		double tvMonteCarlo, List<MethodWeights> methods) {}

	private final Config config;

	public ExactPosteriorValidation(final Config config) {
		this.config = config;
	}

	// ---------------------------------------------------------------- Gaussian

	public GaussianResult gaussian() {
		final ImageShape shape = new ImageShape(8, 8);
		final int n = shape.size();
		final GaussianPrior prior = GaussianPrior.stationary(shape, 0.5f, 0.04, 2.0, 0.01);
		final ForwardOperator blur = new PsfConvolution(shape, new ImageShape(5, 5), gaussianPsf(5, 5, 1.0), PsfConvolution.Boundary.MIRROR);
		final double noiseSigma = 0.1;
		final SplittableRandom random = new SplittableRandom(config.seed());

		final RealMatrix priorCov = DenseLinearAlgebra.symmetrize(new org.apache.commons.math3.linear.Array2DRowRealMatrix(prior.covarianceMatrix(), false));
		final double[] priorMean = DenseLinearAlgebra.toDouble(prior.mean());
		final float[] truth = drawGaussian(priorMean, priorCov, random);
		final GaussianNoise noise = new GaussianNoise(noiseSigma);
		final float[] y = MeasurementModel.simulate(blur, noise, truth, random);

		// ALMC stops at tau: its target is the posterior under the prior noised to tau,
		// N(e^-tau m, e^-2tau C + (1 - e^-2tau) I), which tends to the clean-prior posterior as tau -> 0.
		final double tau = NoiseLevels.time(config.settings().sigmaMin());
		final double[] tauMean = priorMean.clone();
		for (int i = 0; i < n; i++) tauMean[i] *= Math.exp(-tau);
		final RealMatrix tauCov = priorCov.scalarMultiply(Math.exp(-2 * tau))
			.add(MatrixUtils.createRealIdentityMatrix(n).scalarMultiply(NoiseLevels.noiseVariance(tau)));
		final RealMatrix[] post = DenseLinearAlgebra.gaussianPosterior(tauMean, tauCov,
			DenseLinearAlgebra.matrix(blur), noiseSigma * noiseSigma, DenseLinearAlgebra.toDouble(y));
		final double[] exactMean = post[0].getColumn(0);
		final RealMatrix exactCov = post[1];

		final AlmcSampler sampler = new AlmcSampler(prior, config.settings());
		final long start = System.nanoTime();
		final PosteriorSamples samples = sampler.sample(new MeasurementModel(blur, noise, y, null),
			config.gaussianChains(), random.split(), SamplerMonitor.NONE);
		final double seconds = (System.nanoTime() - start) * 1e-9;

		final int chains = config.gaussianChains();
		final double[] mean = new double[n];
		for (final float[] s : samples.samples()) {
			for (int i = 0; i < n; i++) mean[i] += s[i];
		}
		for (int i = 0; i < n; i++) mean[i] /= chains;
		final double[][] cov = new double[n][n];
		for (final float[] s : samples.samples()) {
			for (int i = 0; i < n; i++) {
				final double di = s[i] - mean[i];
				for (int j = 0; j <= i; j++) cov[i][j] += di * (s[j] - mean[j]);
			}
		}
		double maxZ = 0, diff2 = 0, norm2 = 0, trace = 0;
		for (int i = 0; i < n; i++) {
			maxZ = Math.max(maxZ, Math.abs(mean[i] - exactMean[i]) / Math.sqrt(exactCov.getEntry(i, i) / chains));
			trace += exactCov.getEntry(i, i);
			for (int j = 0; j < n; j++) {
				final double c = (i >= j ? cov[i][j] : cov[j][i]) / (chains - 1);
				final double e = exactCov.getEntry(i, j);
				diff2 += (c - e) * (c - e);
				norm2 += e * e;
			}
		}
		// For Gaussian samples E|S - Sigma|_F^2 = (|Sigma|_F^2 + tr(Sigma)^2) / (N - 1).
		final double mcRel = Math.sqrt((norm2 + trace * trace) / (chains - 1) / norm2);
		final EigenDecomposition eig = new EigenDecomposition(exactCov);
		double maxDeviation = 0;
		for (int k = 0; k < n; k++) {
			final double[] axis = eig.getEigenvector(k).toArray();
			double sum = 0, sum2 = 0;
			for (final float[] s : samples.samples()) {
				double proj = 0;
				for (int i = 0; i < n; i++) proj += axis[i] * s[i];
				sum += proj;
				sum2 += proj * proj;
			}
			final double variance = (sum2 - sum * sum / chains) / (chains - 1);
			maxDeviation = Math.max(maxDeviation, Math.abs(variance / eig.getRealEigenvalue(k) - 1));
		}
		return new GaussianResult(n, chains, maxZ, Math.sqrt(diff2 / norm2), mcRel, maxDeviation, samples.networkEvaluations(), seconds);
	}

	// ---------------------------------------------------------------- mixture

	/** The mixture problem, shared by the validation and the tests. */
	public static final class MixtureProblem {

		public final ImageShape shape = new ImageShape(16);
		public final GaussianMixturePrior prior;
		public final ForwardOperator blur;
		public final double noiseSigma = 0.5;
		/** Amplitude of the alternating pattern, which the blur almost erases. */
		private static final float MIX_ALT = 0.05f;
		/** Offset of the mean level between components, which the blur keeps. */
		private static final float MIX_DC = 0.15f;
		/** Per-pixel standard deviation within a component. */
		private static final float MIX_STD = 0.1f;
		public final float[] data;
		final double[] exactWeights;
		final double[][] postMeans;
		final RealMatrix[] postCovs;

		MixtureProblem(final long seed) {
			final int n = shape.size();
			final float[][] means = new float[3][n];
			for (int i = 0; i < n; i++) {
				final float alternating = (i % 2 == 0 ? 1f : -1f) * MIX_ALT;
				means[0][i] = 0.5f - MIX_DC + alternating;
				means[1][i] = 0.5f - alternating;
				means[2][i] = 0.5f + MIX_DC + alternating;
			}
			final double[] weights = { 0.2, 0.5, 0.3 };
			final double[] variances = { MIX_STD * MIX_STD, MIX_STD * MIX_STD, MIX_STD * MIX_STD };
			prior = new GaussianMixturePrior(shape, weights, means, variances);
			blur = new PsfConvolution(shape, new ImageShape(3), new float[] { 0.25f, 0.5f, 0.25f }, PsfConvolution.Boundary.MIRROR);
			final SplittableRandom random = new SplittableRandom(seed);
			// the truth comes from the component least likely a priori
			final float[] truth = new float[n];
			for (int i = 0; i < n; i++) truth[i] = (float) (means[0][i] + MIX_STD * random.nextGaussian());
			data = MeasurementModel.simulate(blur, new GaussianNoise(noiseSigma), truth, random);

			final RealMatrix a = DenseLinearAlgebra.matrix(blur);
			final double[] y = DenseLinearAlgebra.toDouble(data);
			final double s2 = noiseSigma * noiseSigma;
			final double[] logw = new double[3];
			postMeans = new double[3][];
			postCovs = new RealMatrix[3];
			for (int k = 0; k < 3; k++) {
				final double[] m = DenseLinearAlgebra.toDouble(means[k]);
				final RealMatrix c = MatrixUtils.createRealIdentityMatrix(n).scalarMultiply(variances[k]);
				final RealMatrix predictive = a.multiply(c).multiply(a.transpose())
					.add(MatrixUtils.createRealIdentityMatrix(n).scalarMultiply(s2));
				logw[k] = Math.log(prior.weight(k)) + DenseLinearAlgebra.logNormalDensity(y, a.operate(m), predictive);
				final RealMatrix[] post = DenseLinearAlgebra.gaussianPosterior(m, c, a, s2, y);
				postMeans[k] = post[0].getColumn(0);
				postCovs[k] = post[1];
			}
			exactWeights = softmax(logw);
		}

		/** The posterior probabilities of the components given {@code x}. */
		double[] responsibilities(final float[] x) {
			final double[] v = DenseLinearAlgebra.toDouble(x);
			final double[] logp = new double[exactWeights.length];
			for (int k = 0; k < logp.length; k++) {
				logp[k] = Math.log(exactWeights[k]) + DenseLinearAlgebra.logNormalDensity(v, postMeans[k], postCovs[k]);
			}
			return softmax(logp);
		}

		public double[] exactWeights() {
			return exactWeights.clone();
		}

		/**
		 * The mode weights the samples imply: the average over samples of the posterior component
		 * probabilities given each sample, an unbiased estimate of the weights for exact samples even where
		 * components overlap.
		 */
		public double[] modeWeights(final PosteriorSamples samples) {
			final double[] w = new double[exactWeights.length];
			for (final float[] s : samples.samples()) {
				final double[] r = responsibilities(s);
				for (int k = 0; k < w.length; k++) w[k] += r[k];
			}
			for (int k = 0; k < w.length; k++) w[k] /= samples.chains();
			return w;
		}
	}

	public static MixtureProblem mixtureProblem(final long seed) {
		return new MixtureProblem(seed);
	}

	public MixtureResult mixture() {
		final MixtureProblem problem = new MixtureProblem(config.seed());
		final AlmcSampler.Settings settings = config.settings();
		final int budget = settings.networkEvaluations();
		final List<PosteriorSampler> samplers = List.of(
			new AlmcSampler(problem.prior, settings),
			new DpsSampler(problem.prior, settings.sigmaMax(), settings.sigmaMin(), budget, 1.0),
			new LangevinSampler(problem.prior, settings.sigmaMin(), budget, settings.stepScale(), false));
		final MeasurementModel likelihood = new MeasurementModel(problem.blur, new GaussianNoise(problem.noiseSigma), problem.data, null);
		final SplittableRandom random = new SplittableRandom(config.seed() + 1);
		final List<MethodWeights> results = new java.util.ArrayList<>();
		for (final PosteriorSampler sampler : samplers) {
			final long start = System.nanoTime();
			final PosteriorSamples samples = sampler.sample(likelihood, config.mixtureChains(), random.split(), SamplerMonitor.NONE);
			final double seconds = (System.nanoTime() - start) * 1e-9;
			final double[] w = problem.modeWeights(samples);
			results.add(new MethodWeights(sampler.name(), w, totalVariation(w, problem.exactWeights), samples.networkEvaluations(),
				samples.jacobianEvaluations(), seconds));
		}
		double var = 0;
		for (final double w : problem.exactWeights) var += w * (1 - w);
		// E[TV] of multinomial frequencies ~ 0.5 sum sqrt(2 / pi) sqrt(w (1 - w) / N); a 1-sigma scale:
		final double tvMc = 0.5 * Math.sqrt(problem.exactWeights.length * var / config.mixtureChains());
		final double[] priorWeights = new double[problem.prior.components()];
		for (int k = 0; k < priorWeights.length; k++) priorWeights[k] = problem.prior.weight(k);
		return new MixtureResult(problem.shape.size(), config.mixtureChains(), priorWeights, problem.exactWeights(), tvMc, results);
	}

	// ---------------------------------------------------------------- report

	/** The report in the documented JSON layout. */
	public static Map<String, Object> toJson(final GaussianResult g, final MixtureResult m) {
		final Map<String, Object> gaussian = new LinkedHashMap<>();
		gaussian.put("dim", g.dim());
		gaussian.put("chains", g.chains());
		gaussian.put("mean_max_z", g.meanMaxZ());
		gaussian.put("cov_rel_frobenius", g.covRelFrobenius());
		gaussian.put("cov_rel_frobenius_monte_carlo", g.covRelFrobeniusMonteCarlo());
		gaussian.put("variance_ratio_max_deviation", g.varianceRatioMaxDeviation());
		gaussian.put("variance_ratio_monte_carlo_sd", Math.sqrt(2.0 / (g.chains() - 1)));
		gaussian.put("nfe", g.networkEvaluations());
		gaussian.put("seconds", g.seconds());
		final Map<String, Object> mixture = new LinkedHashMap<>();
		mixture.put("dim", m.dim());
		mixture.put("chains", m.chains());
		mixture.put("prior_weights", m.priorWeights());
		mixture.put("exact_weights", m.exactWeights());
		final MethodWeights almc = m.methods().get(0);
		mixture.put("almc_weights", almc.weights());
		mixture.put("almc_tv", almc.tv());
		mixture.put("tv_monte_carlo", m.tvMonteCarlo());
		final Map<String, Object> baselines = new LinkedHashMap<>();
		for (final MethodWeights w : m.methods()) {
			final Map<String, Object> entry = new LinkedHashMap<>();
			entry.put("weights", w.weights());
			entry.put("tv", w.tv());
			entry.put("nfe", w.networkEvaluations());
			entry.put("vjp", w.jacobianEvaluations());
			entry.put("seconds", w.seconds());
			if (w != almc) baselines.put(w.method(), entry);
			else mixture.put("almc", entry);
		}
		mixture.put("baselines", baselines);
		final Map<String, Object> root = new LinkedHashMap<>();
		root.put("gaussian", gaussian);
		root.put("mixture", mixture);
		return root;
	}

	/** The report as a plain-text table. */
	public static String toTable(final GaussianResult g, final MixtureResult m) {
		final StringBuilder b = new StringBuilder();
		b.append(String.format("Gaussian prior + blur + Gaussian noise (dim %d, %d chains, %d NFE, %.1f s)%n",
			g.dim(), g.chains(), g.networkEvaluations(), g.seconds()));
		b.append(String.format("  mean: max |error| / standard error      %8.3f%n", g.meanMaxZ()));
		b.append(String.format("  covariance: relative Frobenius error    %8.4f   (Monte Carlo alone: %.4f)%n",
			g.covRelFrobenius(), g.covRelFrobeniusMonteCarlo()));
		b.append(String.format("  variance along principal axes: max |ratio - 1| %6.4f   (Monte Carlo sd of each: %.4f)%n",
			g.varianceRatioMaxDeviation(), Math.sqrt(2.0 / (g.chains() - 1))));
		b.append(String.format("%nGaussian mixture prior + blur (dim %d, %d chains); mode weights%n", m.dim(), m.chains()));
		b.append(String.format("  %-10s %-26s %8s %6s %6s %8s%n", "method", "weights", "TV", "NFE", "VJP", "seconds"));
		b.append(String.format("  %-10s %-26s%n", "prior", format(m.priorWeights())));
		b.append(String.format("  %-10s %-26s%n", "exact", format(m.exactWeights())));
		for (final MethodWeights w : m.methods()) {
			b.append(String.format("  %-10s %-26s %8.4f %6d %6d %8.2f%n", w.method(), format(w.weights()), w.tv(),
				w.networkEvaluations(), w.jacobianEvaluations(), w.seconds()));
		}
		b.append(String.format("  (Monte Carlo scale of TV: %.4f)%n", m.tvMonteCarlo()));
		return b.toString();
	}

	private static String format(final double[] w) {
		final StringBuilder b = new StringBuilder("[");
		for (int k = 0; k < w.length; k++) b.append(k == 0 ? "" : ", ").append(String.format("%.3f", w[k]));
		return b.append(']').toString();
	}

	// ---------------------------------------------------------------- helpers

	static double totalVariation(final double[] a, final double[] b) {
		double s = 0;
		for (int k = 0; k < a.length; k++) s += Math.abs(a[k] - b[k]);
		return 0.5 * s;
	}

	static double[] softmax(final double[] logw) {
		final double max = Arrays.stream(logw).max().orElse(0);
		final double[] w = new double[logw.length];
		double sum = 0;
		for (int k = 0; k < w.length; k++) sum += w[k] = Math.exp(logw[k] - max);
		for (int k = 0; k < w.length; k++) w[k] /= sum;
		return w;
	}

	/** A normalized Gaussian PSF of odd size. */
	public static float[] gaussianPsf(final int width, final int height, final double sigma) {
		final float[] psf = new float[width * height];
		double sum = 0;
		for (int y = 0; y < height; y++) {
			for (int x = 0; x < width; x++) {
				final double dx = x - (width - 1) / 2.0, dy = y - (height - 1) / 2.0;
				sum += psf[x + width * y] = (float) Math.exp(-(dx * dx + dy * dy) / (2 * sigma * sigma));
			}
		}
		for (int i = 0; i < psf.length; i++) psf[i] /= (float) sum;
		return psf;
	}

	private static float[] drawGaussian(final double[] mean, final RealMatrix cov, final SplittableRandom random) {
		final RealMatrix l = new CholeskyDecomposition(cov, 1e-10, 1e-14).getL();
		final double[] z = new double[mean.length];
		for (int i = 0; i < z.length; i++) z[i] = random.nextGaussian();
		final double[] lz = l.operate(z);
		final float[] x = new float[mean.length];
		for (int i = 0; i < x.length; i++) x[i] = (float) (mean[i] + lz[i]);
		return x;
	}
}
