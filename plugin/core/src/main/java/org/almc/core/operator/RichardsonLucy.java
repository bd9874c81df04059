package org.almc.core.operator;

import java.util.Arrays;
import java.util.function.IntPredicate;

/**
 * Richardson-Lucy deconvolution, {@code x <- x A^T(y / A x) / A^T 1}, started from the constant image of
 * the data's mean: the maximum-likelihood iteration for Poisson data through a non-negative blur
 * {@code A}. Negative data (read noise) are clipped to 0 and the ratio is guarded by a small floor.
 */
public final class RichardsonLucy {

	private RichardsonLucy() {}

	/**
	 * Runs up to {@code iterations} iterations; after each, {@code iterate.test(k)} sees the iteration number
	 * while {@code x} holds that iterate, and stops the run by returning false.
	 *
	 * @param operator the blur {@code A} (non-negative PSF)
	 * @param data the measurement {@code y}, in the operator's output shape
	 * @param x receives the iterates (the operator's input shape)
	 * @param iterations at least 1
	 */
	public static void run(final ForwardOperator operator, final float[] data, final float[] x, final int iterations,
		final IntPredicate iterate)
	{
		if (iterations < 1) throw new IllegalArgumentException("Richardson-Lucy needs at least 1 iteration, got " + iterations);
		final int n = operator.inputShape().size(), m = operator.outputShape().size();
		if (data.length != m || x.length != n) {
			throw new IllegalArgumentException("Richardson-Lucy: data of " + data.length + " and image of " + x.length + " values for an operator " +
				operator.inputShape() + " -> " + operator.outputShape());
		}
		final float[] y = new float[m];
		double mean = 0;
		for (int i = 0; i < m; i++) {
			y[i] = Math.max(0, data[i]);
			mean += y[i];
		}
		mean = Math.max(mean / m, 1e-6);
		final float[] ones = new float[m];
		Arrays.fill(ones, 1f);
		final float[] norm = new float[n];
		operator.adjoint(ones, norm);
		final float floor = (float) (1e-6 * mean);
		Arrays.fill(x, (float) mean);
		final float[] ax = new float[m], ratio = new float[m], back = new float[n];
		for (int k = 1; k <= iterations; k++) {
			operator.apply(x, ax);
			for (int i = 0; i < m; i++) ratio[i] = y[i] / Math.max(ax[i], floor);
			operator.adjoint(ratio, back);
			for (int i = 0; i < n; i++) x[i] *= back[i] / Math.max(norm[i], 1e-12f);
			if (!iterate.test(k)) return;
		}
	}

	/** The iterate after {@code iterations} iterations. */
	public static float[] deconvolve(final ForwardOperator operator, final float[] data, final int iterations) {
		final float[] x = new float[operator.inputShape().size()];
		run(operator, data, x, iterations, k -> true);
		return x;
	}
}
