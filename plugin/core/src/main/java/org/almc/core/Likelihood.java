package org.almc.core;

import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * The measurement term {@code R(x) = -log p(y | x)} a sampler conditions on: value, gradient and a
 * Lipschitz bound of the gradient. Implementations reuse internal buffers; use {@link #copy()} to get
 * one per thread.
 */
public interface Likelihood {

	/** The shape of the images {@code x}. */
	ImageShape shape();

	/** {@code R(x)}. */
	double value(float[] x);

	/** {@code out = grad R(x)}. */
	void gradient(float[] x, float[] out);

	/**
	 * {@code out1 = grad R(x1)}, {@code out2 = grad R(x2)}: two chains at once, which implementations
	 * may share work across (one complex FFT carries two real images).
	 */
	default void gradients(final float[] x1, final float[] x2, final float[] out1, final float[] out2) {
		gradient(x1, out1);
		gradient(x2, out2);
	}

	/** An upper bound on the Lipschitz constant {@code L_R} of {@code grad R}. */
	double lipschitz();

	/**
	 * An exact sampler of the warm-start law {@code N(x; priorMean, priorVariance I) exp(-R(x))}, where one
	 * exists; empty otherwise (the sampler then runs Langevin on it). With mean 0 and variance 1 this is
	 * the paper's {@code mu_inf(x) ∝ exp(-|x|^2 / 2 - R(x))}.
	 */
	default Optional<WarmStart> exactWarmStart(final double priorMean, final double priorVariance) {
		return Optional.empty();
	}

	/**
	 * The mean and variance of a clean image's pixels as the data show them (the data's own, less the
	 * noise's variance), for a warm start that starts below the largest noise level; empty where
	 * unknown.
	 */
	default Optional<PixelMoments> cleanMoments() {
		return Optional.empty();
	}

	/** Mean and variance of an image's pixels. */
	record PixelMoments(double mean, double variance) {}

	/**
	 * An approximation of the Hessian of {@code R} that the DCT-II diagonalizes (its eigenvalues in
	 * {@link org.almc.core.util.Dct} order on {@link #shape()}), for preconditioning; empty if none.
	 */
	default Optional<float[]> curvatureSpectrum() {
		return Optional.empty();
	}

	/**
	 * Where the likelihood's Hessian is diagonal in the pixel basis (no blur, a weighted least squares), its
	 * diagonal {@code 1 / v_i}; empty otherwise.
	 */
	default Optional<float[]> pixelCurvature() {
		return Optional.empty();
	}

	/** An independent instance (own buffers) for use on another thread. */
	Likelihood copy();

	/**
	 * The likelihood of the same data given a noised image {@code u = x + sigma Z} in place of the clean
	 * image {@code x}, as a function of the samplers' Ornstein-Uhlenbeck state {@code e^{-t} u} at that
	 * level ({@code sigma = sigma(t)}), where it has a closed form; empty otherwise. Sampling the noised
	 * prior tilted by it gives {@code u | y}, from which Tweedie's {@code E[x | u]} averages to the
	 * posterior mean {@code E[x | y]}.
	 */
	default Optional<Likelihood> givenNoisedImage(final double sigma) {
		return Optional.empty();
	}

	/**
	 * The noise level (normalized units) up to which {@link #givenNoisedImage} stays close to exact; 0
	 * where there is none. The samplers stop a fraction of it above the clean image.
	 */
	default double noisedImageLimit() {
		return 0;
	}

	/** Draws one sample of a warm-start law. */
	@FunctionalInterface
	interface WarmStart {

		void sample(RandomGenerator random, float[] out);
	}

	/** {@code R = 0}: no measurement; sampling then draws from the prior. */
	static Likelihood none(final ImageShape shape) {
		return new Likelihood() {

			@Override
			public ImageShape shape() {
				return shape;
			}

			@Override
			public double value(final float[] x) {
				return 0;
			}

			@Override
			public void gradient(final float[] x, final float[] out) {
				java.util.Arrays.fill(out, 0, shape.size(), 0f);
			}

			@Override
			public double lipschitz() {
				return 0;
			}

			@Override
			public Optional<WarmStart> exactWarmStart(final double priorMean, final double priorVariance) {
				final double sd = Math.sqrt(priorVariance);
				return Optional.of((random, out) -> {
					for (int i = 0; i < shape.size(); i++) out[i] = (float) (priorMean + sd * random.nextGaussian());
				});
			}

			@Override
			public Optional<float[]> curvatureSpectrum() {
				return Optional.of(new float[shape.size()]);
			}

			@Override
			public Optional<Likelihood> givenNoisedImage(final double sigma) {
				return Optional.of(this);
			}

			@Override
			public Likelihood copy() {
				return this;
			}
		};
	}
}
