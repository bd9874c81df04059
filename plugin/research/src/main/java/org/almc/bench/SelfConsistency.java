package org.almc.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.almc.core.ImageShape;
import org.almc.core.MeasurementModel;
import org.almc.core.ScoreModel;
import org.almc.core.noise.GaussianNoise;
import org.almc.core.operator.IdentityOperator;
import org.almc.core.sampler.AlmcSampler;
import org.almc.core.sampler.PosteriorSamples;
import org.almc.core.sampler.SamplerMonitor;
import org.almc.model.ModelMetadata;
import org.almc.model.PercentileNormalization;
import org.almc.restore.NoiseSpec;
import org.almc.restore.PriorDenoiser;
import org.almc.restore.Quality;
import org.almc.restore.RestorationException;
import org.almc.restore.StackRestorer;

import ij.ImagePlus;
import ij.process.FloatProcessor;

/**
 * The self-consistency check: for white Gaussian noise and no blur the posterior mean under the prior is
 * exactly its one-pass denoiser, {@code E[x | y] = D(y, sigma)}, so a sampler whose mean falls below that
 * pass wastes the prior. No ground truth is needed for the claim; the truth only scores both.
 * <p>
 * Run as a user runs it: the truth in raw units ({@code OFFSET + BRIGHT x}), white Gaussian noise of a
 * fraction of its range, the whole pipeline ({@link StackRestorer}, balanced preset, 8 chains; and
 * {@link PriorDenoiser} for the one pass), raw units out. The chains-to-infinity PSNR comes from two runs
 * with different seeds: with {@code m_j = m + e_j}, the {@code e_j} independent of variance {@code s / K},
 * {@code MSE(m) = MSE(m_1) - mean|m_1 - m_2|^2 / 2}, with its Monte Carlo standard error. The paper's readout (mean of the states at
 * {@code sigma_min}) is run beside it at the same cost, on the sampler with the pipeline's normalization.
 */
public final class SelfConsistency {

	/** Raw units: background and the brightness of relative intensity 1. */
	public static final double OFFSET = 100, BRIGHT = 1000;
	public static final int CHAINS = 8;

	/**
	 * One image at one noise level; PSNR in dB against the truth.
	 *
	 * @param infiniteChainsError the standard error (dB) of {@code psnrInfiniteChains - psnrOnePass}: of the
	 *          mean of the per-pixel differences of the two squared errors, as if pixels were independent
	 * @param psnrStates the paper's readout at the same cost (NaN where not run)
	 */
	public record Row(String image, double level, double psnrNoisy, double psnrBestGaussian, double psnrOnePass, double psnrMean,
		double psnrInfiniteChains, double infiniteChainsError, double psnrStates, double coverage90, double stdErrorCorrelation, long nfe,
		double ssimBestGaussian, double ssimOnePass, double ssimMean)
	{

		/** The mean's PSNR minus the one pass's. */
		public double gap() {
			return psnrMean - psnrOnePass;
		}

		public double infiniteGap() {
			return psnrInfiniteChains - psnrOnePass;
		}
	}

	private final ScoreModel model;
	private final ModelMetadata metadata;

	public SelfConsistency(final ScoreModel model, final ModelMetadata metadata) {
		this.model = model;
		this.metadata = metadata;
	}

	/**
	 * @param levels noise standard deviations as fractions of the truth's range (1st to 99.8th percentile)
	 * @param withStates whether to run the paper's readout too
	 */
	public List<Row> measure(final BenchmarkData.Crop crop, final double[] levels, final boolean withStates, final long seed)
		throws RestorationException
	{
		final int w = crop.width(), h = crop.height();
		final float[] truth = new float[w * h];
		for (int i = 0; i < truth.length; i++) truth[i] = (float) (OFFSET + BRIGHT * crop.truth()[i]);
		final double range = new PercentileNormalization(1, 99.8).fit(truth).scale;
		final List<Row> rows = new ArrayList<>();
		for (final double level : levels) {
			final double sigma = level * range;
			final SplittableRandom random = new SplittableRandom(seed);
			final float[] noisy = new float[truth.length];
			for (int i = 0; i < noisy.length; i++) noisy[i] = (float) (truth[i] + sigma * random.nextGaussian());
			final NoiseSpec noise = new NoiseSpec.Gaussian(sigma);

			final PriorDenoiser prior = new PriorDenoiser(model, metadata, Math.max(w, h));
			final PercentileNormalization.Fit fit = prior.fit(noisy, w, h, noise);
			final float[] onePass = prior.denoise(noisy, w, h, fit, sigma);
			final StackRestorer.Result first = restore(noisy, w, h, noise, seed + 1);
			final float[] mean1 = pixels(first.mean()), std = pixels(first.std()), mean2 = pixels(restore(noisy, w, h, noise, seed + 2).mean());

			// per pixel: (m_1 - x)^2 - (m_1 - m_2)^2 / 2, whose mean estimates the MSE of the infinite-chain mean;
			// its difference from the one pass's squared error gives the standard error of the comparison
			double sum = 0, difference = 0, difference2 = 0;
			for (int i = 0; i < truth.length; i++) {
				final double e = mean1[i] - truth[i], d = mean1[i] - mean2[i], p = onePass[i] - truth[i];
				final double term = e * e - 0.5 * d * d;
				sum += term;
				difference += term - p * p;
				difference2 += (term - p * p) * (term - p * p);
			}
			final int n = truth.length;
			final double mse = Math.max(sum / n, 1e-12), msePrior = ImageQuality.meanSquaredError(truth, onePass);
			final double meanDifference = difference / n;
			final double standardError = Math.sqrt(Math.max(0, difference2 / n - meanDifference * meanDifference) / (n - 1));
			// the Monte Carlo error of a mean, |m_1 - m_2| / sqrt(2) per pixel, widens the interval
			final float[] halfDifference = new float[n];
			for (int i = 0; i < n; i++) halfDifference[i] = (float) (Math.abs(mean1[i] - mean2[i]) / Math.sqrt(2));
			final double r = ImageQuality.dataRange(truth);
			final double psnrInfinite = 10 * Math.log10(r * r / mse), infiniteError = 10 / Math.log(10) * standardError / msePrior;
			double psnrStates = Double.NaN;
			if (withStates) {
				final AlmcSampler.Settings states = Quality.BALANCED.statesSettings(metadata.sigmaMin, metadata.sigmaMax, 0);
				final ImageShape shape = new ImageShape(w, h);
				final MeasurementModel likelihood = new MeasurementModel(new IdentityOperator(shape), new GaussianNoise(sigma / fit.scale), fit
					.normalize(noisy), null);
				final PosteriorSamples p = new AlmcSampler(model, states).sample(likelihood, CHAINS, new SplittableRandom(seed + 1),
					SamplerMonitor.NONE);
				psnrStates = ImageQuality.psnr(truth, fit.denormalize(p.mean()));
			}
			final ClassicalRestoration.Tuned bestGaussian = ClassicalRestoration.bestGaussian(noisy, w, h, new double[] { 0.5, 0.75, 1, 1.25,
				1.5, 2, 2.5, 3, 4 }, x -> ImageQuality.psnr(truth, x));
			rows.add(new Row(crop.name(), level, ImageQuality.psnr(truth, noisy), bestGaussian.score(), ImageQuality.psnr(truth, onePass),
				ImageQuality.psnr(truth, mean1), psnrInfinite, infiniteError, psnrStates, ImageQuality.coverage90(truth, mean1, std, halfDifference), ImageQuality
					.stdErrorCorrelation(truth, mean1, std), Quality.BALANCED.settings(metadata.sigmaMin, metadata.sigmaMax, 0)
						.networkEvaluations(), ImageQuality.ssim(truth, bestGaussian.image(), w, h), ImageQuality.ssim(truth, onePass, w, h),
				ImageQuality.ssim(truth, mean1, w, h)));
		}
		return rows;
	}

	private StackRestorer.Result restore(final float[] noisy, final int w, final int h, final NoiseSpec noise, final long seed)
		throws RestorationException
	{
		final ImagePlus imp = new ImagePlus("noisy", new FloatProcessor(w, h, noisy.clone()));
		final StackRestorer.Options options = new StackRestorer.Options(noise, null, CHAINS, Quality.BALANCED, 0, seed, false, Math.max(64,
			Math.max(w, h)), Double.NaN);
		return new StackRestorer(model, metadata).restore(imp, options, (u, n, s, t) -> {}, () -> false);
	}

	private static float[] pixels(final ImagePlus imp) {
		return (float[]) imp.getProcessor().convertToFloatProcessor().getPixels();
	}
}
