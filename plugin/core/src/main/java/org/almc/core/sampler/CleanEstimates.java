package org.almc.core.sampler;

import org.almc.core.ImageShape;

/**
 * The Rao-Blackwellized readout of {@link AlmcSampler}: Tweedie's clean estimates {@code E[x0 | x_tau]}
 * collected over the chains and the last score evaluations at {@code tau}, and Hutchinson probes of
 * {@code Var[x0 | x_tau]}. By the law of total variance
 * {@code Var[x0 | y] = E[Var[x0 | x_tau] | y] + Var[E[x0 | x_tau] | y]}: the probes estimate the first
 * term, the spread of the clean estimates over chains and steps the second. Both terms condition on
 * {@code x_tau} alone, and rightly: the chains sample {@code x_tau} under the likelihood given the noised
 * image ({@code Likelihood#givenNoisedImage}), for which {@code x0 -> x_tau -> y} is a Markov chain, so
 * {@code y} says nothing more about {@code x0} once {@code x_tau} is known (folding {@code y} in again, with
 * the probes' diagonal as {@code Var[x0 | x_tau]}, lost 0.8 dB on camera denoising).
 * <p>
 * A few probes estimate each pixel's diagonal with the noise of all its off-diagonal terms (a quarter
 * of the pixels came out negative with 8 probes), so their average is smoothed, along the posterior mean's
 * intensity rather than across it ({@link ProbeSmoothing}): on draws of the v2 prior (64 x 64, Gaussian noise
 * 0.05 / 0.1 / 0.2, balanced, 4 chains of one probe each), coverage90 where the posterior mean is below 0.05 /
 * between 0.05 and 0.3 / above 0.3 was 0.973 / 0.903 / 0.862 at 0.1 with a 7 x 7 box mean of the probes, and
 * is 0.91-0.95 / 0.90-0.91 / 0.88-0.90 at the three levels with the curve; 16 probes unsmoothed, the reference,
 * 0.888 / 0.892 / 0.902 at 0.1.
 */
final class CleanEstimates {

	/**
	 * Radius of the box over which the probes' ratio to their curve is averaged (3 x 3 pixels; 7 x 7 calibrated
	 * the same on the prior's draws and blurs the diagonal's own detail more).
	 */
	static final int PROBE_SMOOTHING_RADIUS = 1;

	private final int chains;
	private final int n;
	private final ImageShape shape;
	private final double[][] sum;
	private final double[] sumSquares;
	private final double[] conditionalVariance;
	private int steps;
	private int probes;

	CleanEstimates(final ImageShape shape, final int chains) {
		this.shape = shape;
		this.chains = chains;
		this.n = shape.size();
		this.sum = new double[chains][n];
		this.sumSquares = new double[n];
		this.conditionalVariance = new double[n];
	}

	/** Adds the clean estimates {@code D(u, sigma_tau)} of the scorer's last evaluation, one per chain. */
	void addCleanEstimates(final ScoreEvaluator scorer) {
		final float[][] d = scorer.lastDenoised();
		for (int c = 0; c < chains; c++) {
			final double[] sc = sum[c];
			final float[] dc = d[c];
			for (int i = 0; i < n; i++) {
				sc[i] += dc[i];
				sumSquares[i] += dc[i] * (double) dc[i];
			}
		}
		steps++;
	}

	/** Adds one probe per chain of the conditional variance's diagonal. */
	void addConditionalVariance(final float[][] probe) {
		for (final float[] p : probe) {
			for (int i = 0; i < n; i++) conditionalVariance[i] += p[i];
		}
		probes++;
	}

	/**
	 * The samples (the states), each chain's clean estimate (averaged over the steps), and the posterior
	 * variance: the spread of the single-step clean estimates over chains and steps plus the mean probe,
	 * smoothed, floored at 0.
	 */
	PosteriorSamples samples(final float[][] states, final long networkEvaluations) {
		if (steps == 0) throw new IllegalStateException("No clean estimates were collected");
		final float[][] perChain = new float[chains][n];
		final float[] variance = new float[n];
		final long count = (long) chains * steps;
		final float[] conditional = new float[n];
		if (probes > 0) {
			for (int i = 0; i < n; i++) conditional[i] = (float) (conditionalVariance[i] / ((double) probes * chains));
		}
		final double[] mean = new double[n];
		final float[] guide = new float[n];
		for (int i = 0; i < n; i++) {
			double total = 0;
			for (int c = 0; c < chains; c++) {
				perChain[c][i] = (float) (sum[c][i] / steps);
				total += sum[c][i];
			}
			mean[i] = total / count;
			guide[i] = (float) mean[i];
		}
		final float[] smoothed = probes > 0 ? ProbeSmoothing.alongMean(conditional, guide, shape, PROBE_SMOOTHING_RADIUS) : conditional;
		for (int i = 0; i < n; i++) {
			final double spread = count > 1 ? Math.max(0, sumSquares[i] - count * mean[i] * mean[i]) / (count - 1) : 0;
			variance[i] = (float) (spread + Math.max(0, smoothed[i]));
		}
		return new PosteriorSamples(shape, states, perChain, variance, networkEvaluations, 0);
	}
}
