package org.almc.core;

/**
 * Conversions between the Ornstein-Uhlenbeck time {@code t} of the noising process
 * {@code X_t = e^{-t} X0 + sqrt(1 - e^{-2t}) Z} and the equivalent variance-exploding noise level
 * {@code sigma(t) = sqrt(e^{2t} - 1)}: {@code e^t X_t = X0 + sigma(t) Z}.
 */
public final class NoiseLevels {

	private NoiseLevels() {}

	/** {@code sigma(t) = sqrt(e^{2t} - 1)}. */
	public static double sigma(final double t) {
		return Math.sqrt(Math.expm1(2 * t));
	}

	/** The inverse of {@link #sigma}: {@code t = log(1 + sigma^2) / 2}. */
	public static double time(final double sigma) {
		return 0.5 * Math.log1p(sigma * sigma);
	}

	/** {@code 1 - e^{-2t}}, the variance of the noise part of {@code X_t}. */
	public static double noiseVariance(final double t) {
		return -Math.expm1(-2 * t);
	}
}
