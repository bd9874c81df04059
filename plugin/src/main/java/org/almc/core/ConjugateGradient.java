package org.almc.core;

import java.util.Arrays;
import java.util.function.BiConsumer;

/** Conjugate gradients for a symmetric positive definite operator, in double accumulation. */
final class ConjugateGradient {

	private ConjugateGradient() {}

	/**
	 * Solves {@code M x = b} starting from {@code x = 0}.
	 *
	 * @return the number of iterations used
	 */
	static int solve(final BiConsumer<float[], float[]> m, final float[] b, final float[] x,
		final double relativeTolerance, final int maxIterations)
	{
		final int n = b.length;
		Arrays.fill(x, 0f);
		final float[] r = b.clone();
		final float[] p = b.clone();
		final float[] mp = new float[n];
		double rr = dot(r, r);
		final double stop = relativeTolerance * relativeTolerance * rr;
		int k = 0;
		while (k < maxIterations && rr > stop && rr > 0) {
			m.accept(p, mp);
			final double alpha = rr / dot(p, mp);
			for (int i = 0; i < n; i++) {
				x[i] += (float) (alpha * p[i]);
				r[i] -= (float) (alpha * mp[i]);
			}
			final double next = dot(r, r);
			final double beta = next / rr;
			for (int i = 0; i < n; i++) p[i] = (float) (r[i] + beta * p[i]);
			rr = next;
			k++;
		}
		return k;
	}

	static double dot(final float[] a, final float[] b) {
		double s = 0;
		for (int i = 0; i < a.length; i++) s += (double) a[i] * b[i];
		return s;
	}
}
