package org.almc.core.noise;

import java.util.Optional;
import java.util.SplittableRandom;

/**
 * The noise part of a measurement model: the negative log-likelihood {@code R} of data {@code y}
 * given the noiseless measurement {@code z = A x}, convex and smooth in {@code z}, with its gradient.
 * All quantities are in the prior's normalized intensity units. A {@code valid} mask (may be
 * {@code null}: every pixel counts) removes pixels, such as saturated ones, from the likelihood.
 */
public interface NoiseModel {

	/** {@code R(z) = sum_i r(z_i; y_i)} over valid pixels. */
	double negativeLogLikelihood(float[] z, float[] y, boolean[] valid);

	/** {@code out = dR/dz}; zero at invalid pixels. */
	void gradient(float[] z, float[] y, boolean[] valid, float[] out);

	/** An upper bound on the second derivative of {@code r(z_i; y_i)} over all {@code z_i} and pixels. */
	double lipschitz(float[] y);

	/**
	 * If {@code R} is a weighted least squares {@code sum_i (z_i - y_i)^2 / (2 v_i)}, the variances
	 * {@code v_i}; empty otherwise. Enables exact Gaussian warm starts.
	 */
	default Optional<float[]> quadraticVariances(final float[] y) {
		return Optional.empty();
	}

	/**
	 * This model for one measurement {@code y} of shape {@code shape}: models that derive per-pixel
	 * quantities from the data's neighbourhood (local-mean variances) fix them here. The default
	 * returns this model.
	 */
	default NoiseModel bind(final float[] y, final org.almc.core.ImageShape shape) {
		return this;
	}

	/** Draws data {@code out ~ p(y | z)}, for simulated measurements and tests. */
	void simulate(float[] z, SplittableRandom random, float[] out);
}
