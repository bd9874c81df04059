package org.almc.core.sampler;

import java.util.Arrays;

import org.almc.core.ImageShape;

/** Posterior samples (one flat image per chain) with their per-pixel statistics and cost. */
public final class PosteriorSamples {

	private final ImageShape shape;
	private final float[][] samples;
	private final long networkEvaluations;
	private final long jacobianEvaluations;

	public PosteriorSamples(final ImageShape shape, final float[][] samples, final long networkEvaluations,
		final long jacobianEvaluations)
	{
		this.shape = shape;
		this.samples = samples;
		this.networkEvaluations = networkEvaluations;
		this.jacobianEvaluations = jacobianEvaluations;
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

	/** The per-pixel posterior mean over chains. */
	public float[] mean() {
		final int n = shape.size();
		final double[] sum = new double[n];
		for (final float[] s : samples) {
			for (int i = 0; i < n; i++) sum[i] += s[i];
		}
		final float[] mean = new float[n];
		for (int i = 0; i < n; i++) mean[i] = (float) (sum[i] / samples.length);
		return mean;
	}

	/** The per-pixel sample standard deviation over chains (denominator {@code chains - 1}; 0 for one chain). */
	public float[] standardDeviation() {
		final int n = shape.size();
		final float[] mean = mean();
		final float[] std = new float[n];
		if (samples.length < 2) return std;
		for (int i = 0; i < n; i++) {
			double ss = 0;
			for (final float[] s : samples) {
				final double d = s[i] - mean[i];
				ss += d * d;
			}
			std[i] = (float) Math.sqrt(ss / (samples.length - 1));
		}
		return std;
	}

	/**
	 * The per-pixel empirical quantile over chains at probability {@code p} in [0, 1] (linear
	 * interpolation between order statistics).
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
