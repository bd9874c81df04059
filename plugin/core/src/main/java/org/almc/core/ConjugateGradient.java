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
		return solve(m, null, b, x, relativeTolerance, maxIterations);
	}

	/**
	 * Solves {@code M x = b} starting from {@code x = 0}, preconditioned by {@code K ~ M^-1} (symmetric
	 * positive definite; {@code null} for none). Stops when the residual's norm falls below
	 * {@code relativeTolerance |b|}.
	 *
	 * @return the number of iterations used
	 */
	static int solve(final BiConsumer<float[], float[]> m, final BiConsumer<float[], float[]> k, final float[] b,
		final float[] x, final double relativeTolerance, final int maxIterations)
	{
		final int n = b.length;
		Arrays.fill(x, 0f);
		final float[] r = b.clone();
		final float[] z = k == null ? r : new float[n];
		if (k != null) k.accept(r, z);
		final float[] p = z.clone();
		final float[] mp = new float[n];
		double rz = dot(r, z);
		final double stop = relativeTolerance * relativeTolerance * dot(b, b);
		int iterations = 0;
		while (iterations < maxIterations && dot(r, r) > stop && rz > 0) {
			m.accept(p, mp);
			final double alpha = rz / dot(p, mp);
			for (int i = 0; i < n; i++) {
				x[i] += (float) (alpha * p[i]);
				r[i] -= (float) (alpha * mp[i]);
			}
			if (k != null) k.accept(r, z);
			final double next = dot(r, z);
			final double beta = next / rz;
			for (int i = 0; i < n; i++) p[i] = (float) (z[i] + beta * p[i]);
			rz = next;
			iterations++;
		}
		return iterations;
	}

	static double dot(final float[] a, final float[] b) {
		double s = 0;
		for (int i = 0; i < a.length; i++) s += (double) a[i] * b[i];
		return s;
	}
}
