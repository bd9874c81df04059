package org.almc.core.sampler;

import org.almc.core.NoiseLevels;

/** Noise schedules: pure functions from settings to the levels a sampler iterates over. */
public final class NoiseSchedule {

	private NoiseSchedule() {}

	/**
	 * {@code levels} noise levels log-spaced from {@code sigmaMax} down to {@code sigmaMin}, both
	 * included, as variance-exploding sigmas.
	 */
	public static double[] geometricSigmas(final double sigmaMax, final double sigmaMin, final int levels) {
		if (!(sigmaMin > 0) || !(sigmaMax > sigmaMin)) {
			throw new IllegalArgumentException("Need 0 < sigmaMin < sigmaMax, got sigmaMin=" + sigmaMin + ", sigmaMax=" + sigmaMax);
		}
		if (levels < 2) throw new IllegalArgumentException("A schedule needs at least 2 levels, got " + levels);
		final double[] s = new double[levels];
		final double logMax = Math.log(sigmaMax), logMin = Math.log(sigmaMin);
		for (int i = 0; i < levels; i++) {
			s[i] = Math.exp(logMax + (logMin - logMax) * i / (levels - 1));
		}
		return s;
	}

	/**
	 * The same levels as Ornstein-Uhlenbeck times {@code t_i} with {@code sigma(t_i)} log-spaced,
	 * decreasing from {@code T} to {@code tau}.
	 */
	public static double[] geometricTimes(final double sigmaMax, final double sigmaMin, final int levels) {
		final double[] s = geometricSigmas(sigmaMax, sigmaMin, levels);
		final double[] t = new double[levels];
		for (int i = 0; i < levels; i++) t[i] = NoiseLevels.time(s[i]);
		return t;
	}
}
