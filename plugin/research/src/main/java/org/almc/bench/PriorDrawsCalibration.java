package org.almc.bench;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.almc.core.ImageShape;
import org.almc.core.Likelihood;
import org.almc.core.MeasurementModel;
import org.almc.core.ScoreModel;
import org.almc.core.noise.GaussianNoise;
import org.almc.core.operator.ForwardOperator;
import org.almc.core.sampler.AlmcSampler;
import org.almc.core.sampler.PosteriorSamples;
import org.almc.core.sampler.SamplerMonitor;
import org.almc.train.ModelCard;

/**
 * Calibration on the prior's own draws (simulation-based calibration): images drawn from the prior, noised,
 * and restored with the same prior. Where the truth is a draw of the prior, a calibrated posterior's 90%
 * intervals cover it 90% of the time, and not only on average: also within any set of pixels chosen by
 * the data, such as those where the posterior mean is dim or bright. So this separates the sampler's
 * miscalibration from the prior's misfit to a particular image, which a benchmark image mixes. (A split by
 * the truth's intensity is no such check: a dim truth tends to lie below its posterior mean and a bright one
 * above, so even exact intervals over-cover the first and under-cover the second.)
 * <p>
 * The draws come from {@link AlmcSampler} with no measurement (as the model card's samples), so they are the
 * prior as that sampler realizes it; the restoration runs the sampler on the prior's units (no
 * normalization), white Gaussian noise, with or without a blur.
 */
public final class PriorDrawsCalibration {

	/** Posterior-mean bands of the split: below the first bound, between, above the second. */
	public static final double DIM_BELOW = 0.05, BRIGHT_ABOVE = 0.3;

	/**
	 * Coverage90 of {@code mean +- 1.645 sqrt(std^2 + e^2)} ({@code e} the mean's Monte Carlo error) over all
	 * pixels and per posterior-mean band, with each figure's standard error over the draws (the draws are
	 * independent; the pixels of one draw are not).
	 */
	public record Result(double coverage, double coverageError, double[] bandCoverage, double[] bandError, double[] bandFraction,
		double[] rmsErrorOverStd) {}

	private PriorDrawsCalibration() {}

	/** {@code draws} images of {@code size x size} drawn from the prior with the model card's settings. */
	public static float[][] draw(final ScoreModel model, final double sigmaMax, final int size, final int draws, final long seed) {
		return new AlmcSampler(model, ModelCard.priorSampleSettings(sigmaMax)).sample(Likelihood.none(new ImageShape(size, size)), draws, new SplittableRandom(seed),
			SamplerMonitor.NONE).chainEstimates();
	}

	/**
	 * Measures each draw through {@code operator} (the identity to denoise, a blur to deconvolve) with white Gaussian
	 * noise {@code sigma} and restores it with {@code settings} and {@code chains} chains.
	 */
	public static Result measure(final ScoreModel model, final AlmcSampler.Settings settings, final int chains, final float[][] truths,
		final ForwardOperator operator, final double sigma, final long seed)
	{
		final int bands = 3;
		final double[][] perDraw = new double[truths.length][bands];
		final long[][] perDrawCount = new long[truths.length][bands];
		final double[] all = new double[truths.length];
		final double[] squaredError = new double[bands], variance = new double[bands];
		for (int j = 0; j < truths.length; j++) {
			final float[] x = truths[j];
			final SplittableRandom random = new SplittableRandom(seed + 2L * j);
			final float[] y = new float[operator.outputShape().size()];
			operator.apply(x, y);
			for (int i = 0; i < y.length; i++) y[i] += (float) (sigma * random.nextGaussian());
			final MeasurementModel likelihood = new MeasurementModel(operator, new GaussianNoise(sigma), y, null);
			final PosteriorSamples p = new AlmcSampler(model, settings).sample(likelihood, chains, new SplittableRandom(seed + 2L * j + 1),
				SamplerMonitor.NONE);
			final float[] m = p.mean(), s = p.standardDeviation(), e = p.meanStandardError();
			int inside = 0;
			for (int i = 0; i < x.length; i++) {
				final int b = m[i] < DIM_BELOW ? 0 : m[i] > BRIGHT_ABOVE ? 2 : 1;
				final double v = s[i] * (double) s[i] + e[i] * (double) e[i], d = x[i] - (double) m[i];
				if (ImageQuality.inInterval90(x[i], m[i], s[i], e[i])) {
					inside++;
					perDraw[j][b]++;
				}
				perDrawCount[j][b]++;
				squaredError[b] += d * d;
				variance[b] += v;
			}
			all[j] = inside / (double) x.length;
		}
		final double[] bandCoverage = new double[bands], bandError = new double[bands], fraction = new double[bands], ratio = new double[bands];
		long total = 0;
		for (int b = 0; b < bands; b++) {
			final double[] hits = new double[truths.length], counts = new double[truths.length];
			for (int j = 0; j < truths.length; j++) {
				hits[j] = perDraw[j][b];
				counts[j] = perDrawCount[j][b];
				total += perDrawCount[j][b];
			}
			bandCoverage[b] = ratioOfSums(hits, counts);
			bandError[b] = ratioStandardError(hits, counts);
			fraction[b] = sum(counts);
			ratio[b] = Math.sqrt(squaredError[b] / variance[b]);
		}
		for (int b = 0; b < bands; b++) fraction[b] /= total;
		final double[] ones = new double[truths.length];
		Arrays.fill(ones, 1);
		return new Result(ratioOfSums(all, ones), ratioStandardError(all, ones), bandCoverage, bandError, fraction, ratio);
	}

	private static double sum(final double[] a) {
		double s = 0;
		for (final double v : a) s += v;
		return s;
	}

	private static double ratioOfSums(final double[] a, final double[] b) {
		return sum(a) / sum(b);
	}

	/** The standard error of {@code sum a / sum b} over independent units (the delta method). */
	private static double ratioStandardError(final double[] a, final double[] b) {
		final int n = a.length;
		final double r = ratioOfSums(a, b), meanB = sum(b) / n;
		if (n < 2 || !(meanB > 0)) return Double.NaN;
		double ss = 0;
		for (int j = 0; j < n; j++) ss += (a[j] - r * b[j]) * (a[j] - r * b[j]);
		return Math.sqrt(ss / (n - 1) / n) / meanB;
	}
}
