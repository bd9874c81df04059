package org.almc.core.sampler;

import java.util.Arrays;

import org.almc.core.ImageShape;

/**
 * Posterior samples (one flat image per chain) with their per-pixel statistics and cost.
 * <p>
 * The statistics come from the samples themselves, or, where the sampler gives them, from each chain's
 * clean estimate {@code E[x0 | x_tau]} and a posterior variance (the Rao-Blackwellized readout of
 * {@link AlmcSampler.Readout}).
 */
public final class PosteriorSamples {

	private final ImageShape shape;
	private final float[][] samples;
	private final float[][] estimates;
	private final float[] variance;
	private final long networkEvaluations;
	private final long jacobianEvaluations;
	/** Whether chains {@code 2k} and {@code 2k + 1} are antithetic pairs ({@link AlmcSampler.Settings#antithetic}). */
	private final boolean antitheticPairs;

	/** Statistics from the samples. */
	public PosteriorSamples(final ImageShape shape, final float[][] samples, final long networkEvaluations,
		final long jacobianEvaluations)
	{
		this(shape, samples, samples, null, networkEvaluations, jacobianEvaluations);
	}

	/**
	 * @param estimates each chain's estimate of the posterior mean, averaged for {@link #mean()}
	 * @param variance the per-pixel posterior variance, or null for the spread of the estimates
	 */
	public PosteriorSamples(final ImageShape shape, final float[][] samples, final float[][] estimates, final float[] variance,
		final long networkEvaluations, final long jacobianEvaluations)
	{
		this(shape, samples, estimates, variance, networkEvaluations, jacobianEvaluations, false);
	}

	private PosteriorSamples(final ImageShape shape, final float[][] samples, final float[][] estimates, final float[] variance,
		final long networkEvaluations, final long jacobianEvaluations, final boolean antitheticPairs)
	{
		if (estimates.length != samples.length) {
			throw new IllegalArgumentException(estimates.length + " chain estimates for " + samples.length + " chains");
		}
		this.shape = shape;
		this.samples = samples;
		this.estimates = estimates;
		this.variance = variance;
		this.networkEvaluations = networkEvaluations;
		this.jacobianEvaluations = jacobianEvaluations;
		this.antitheticPairs = antitheticPairs;
	}

	/** The same samples, marked as drawn in antithetic pairs (chains {@code 2k}, {@code 2k + 1}; an odd last one alone). */
	PosteriorSamples pairedAntithetically() {
		return new PosteriorSamples(shape, samples, estimates, variance, networkEvaluations, jacobianEvaluations, true);
	}

	/** Whether the chains were drawn in antithetic pairs: they are then not independent (see {@link #meanStandardError()}). */
	public boolean antitheticPairs() {
		return antitheticPairs;
	}

	public ImageShape shape() {
		return shape;
	}

	public int chains() {
		return samples.length;
	}

	/** The samples, {@code [chain][pixel]}; not copied. */
	public float[][] samples() {
		return samples;
	}

	/** Forward evaluations of the score network per chain. */
	public long networkEvaluations() {
		return networkEvaluations;
	}

	/** Vector-Jacobian products of the denoiser per chain (DPS pays one per step). */
	public long jacobianEvaluations() {
		return jacobianEvaluations;
	}

	/** Each chain's estimate of the posterior mean: the samples, or the chains' clean estimates; not copied. */
	public float[][] chainEstimates() {
		return estimates;
	}

	/** The per-pixel posterior mean: the average of the {@link #chainEstimates() chain estimates}. */
	public float[] mean() {
		final int n = shape.size();
		final double[] sum = new double[n];
		for (final float[] s : estimates) {
			for (int i = 0; i < n; i++) sum[i] += s[i];
		}
		final float[] mean = new float[n];
		for (int i = 0; i < n; i++) mean[i] = (float) (sum[i] / estimates.length);
		return mean;
	}

	/** Whether the standard deviation is the sampler's own variance estimate rather than the spread of a few draws. */
	public boolean hasSamplerVariance() {
		return variance != null;
	}

	/**
	 * The per-pixel posterior standard deviation: from the sampler's variance where it gives one, else the
	 * sample standard deviation over chains (denominator {@code chains - 1}; 0 for one chain).
	 */
	public float[] standardDeviation() {
		if (variance == null) return chainSpread();
		final float[] std = new float[variance.length];
		for (int i = 0; i < std.length; i++) std[i] = (float) Math.sqrt(variance[i]);
		return std;
	}

	/**
	 * The per-pixel standard deviation of the chain estimates over chains (denominator {@code chains - 1};
	 * 0 for one chain): the mean of {@code K} chains errs from the chains-to-infinity mean by about this
	 * over {@code sqrt(K)}.
	 */
	public float[] chainSpread() {
		final int n = shape.size();
		final float[] mean = mean();
		final float[] std = new float[n];
		if (estimates.length < 2) return std;
		for (int i = 0; i < n; i++) {
			double ss = 0;
			for (final float[] s : estimates) {
				final double d = s[i] - mean[i];
				ss += d * d;
			}
			std[i] = (float) Math.sqrt(ss / (estimates.length - 1));
		}
		return std;
	}

	/**
	 * The per-pixel Monte Carlo standard error of {@link #mean()} as an estimate of the mean of infinitely
	 * many chains. Independent chains: the {@link #chainSpread() spread} over {@code sqrt(n)}. Antithetic
	 * pairs: from the spread of the {@code P} pair means, {@code sqrt(4 P v_pair + v_lone) / n} ({@code v_lone}
	 * the chains' spread squared where an odd last chain stands alone); with fewer than two pairs that spread
	 * cannot be measured, and the independent chains' formula, an upper bound wherever the pairs' errors
	 * cancel at all, stands in.
	 */
	public float[] meanStandardError() {
		final int chains = estimates.length, pairs = chains / 2;
		final float[] spread = chainSpread();
		if (!antitheticPairs || pairs < 2) {
			for (int i = 0; i < spread.length; i++) spread[i] /= (float) Math.sqrt(chains);
			return spread;
		}
		final boolean lone = chains % 2 == 1;
		final float[] error = new float[spread.length];
		final double[] pairMean = new double[pairs];
		for (int i = 0; i < error.length; i++) {
			double sum = 0;
			for (int k = 0; k < pairs; k++) {
				pairMean[k] = 0.5 * (estimates[2 * k][i] + (double) estimates[2 * k + 1][i]);
				sum += pairMean[k];
			}
			final double centre = sum / pairs;
			double ss = 0;
			for (final double p : pairMean) ss += (p - centre) * (p - centre);
			final double pairVariance = ss / (pairs - 1);
			final double loneVariance = lone ? spread[i] * (double) spread[i] : 0;
			error[i] = (float) (Math.sqrt(4 * pairs * pairVariance + loneVariance) / chains);
		}
		return error;
	}

	/**
	 * The per-pixel empirical quantile of the samples over chains at probability {@code p} in [0, 1]
	 * (linear interpolation between order statistics).
	 */
	public float[] quantile(final double p) {
		if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException("Quantile probability must be in [0, 1], got " + p);
		final int n = shape.size();
		final int c = samples.length;
		final float[] q = new float[n];
		final float[] column = new float[c];
		final double pos = p * (c - 1);
		final int lo = (int) Math.floor(pos);
		final int hi = Math.min(lo + 1, c - 1);
		final double frac = pos - lo;
		for (int i = 0; i < n; i++) {
			for (int k = 0; k < c; k++) column[k] = samples[k][i];
			Arrays.sort(column);
			q[i] = (float) (column[lo] + frac * (column[hi] - column[lo]));
		}
		return q;
	}
}
