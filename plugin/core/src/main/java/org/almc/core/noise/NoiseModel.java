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

	/**
	 * Smallest share of a pixel's variance that {@link #givenNoisedImage} keeps: where the noise is
	 * weaker than the noise of the image it is given, the likelihood is weakened less than exactly.
	 */
	double KEPT_VARIANCE = 0.25;

	/**
	 * The noise of {@code y} given a noised image {@code u = z + sigma Z} instead of {@code z}, for a
	 * weighted least squares: the variances {@code v_i - sigma^2}. Where {@code y = z + sqrt(v) N}, one
	 * can write {@code y = u + sqrt(v - sigma^2) N'} with {@code N'} independent of {@code (z, u)}, so
	 * {@code p(y | u)} is exactly this model and {@code y} tells nothing more about {@code z} once
	 * {@code u} is known. Variances are kept at {@link #KEPT_VARIANCE} of their value at least (less
	 * confident than exact where the noise is weaker than {@code sigma}) and at {@code floor} at least, and
	 * multiplied by {@code scale^2} (for data and image scaled by {@code scale}). Empty for models that are
	 * not weighted least squares.
	 */
	default Optional<NoiseModel> givenNoisedImage(final float[] y, final double sigma, final double scale, final double floor) {
		final double s2 = sigma * sigma, scale2 = scale * scale;
		return quadraticVariances(y).map(v -> {
			final float[] reduced = new float[v.length];
			for (int i = 0; i < v.length; i++) reduced[i] = (float) (scale2 * Math.max(Math.max(v[i] - s2, KEPT_VARIANCE * v[i]), floor));
			return new FixedVarianceNoise(reduced, this);
		});
	}

	/** Draws data {@code out ~ p(y | z)}, for simulated measurements and tests. */
	void simulate(float[] z, SplittableRandom random, float[] out);
}
