package org.almc.core;

/**
 * A prior of clean images, given through its minimum-mean-square-error denoiser at every noise level.
 * <p>
 * The primitive is the variance-exploding denoiser {@code D(u, sigma) = E[X0 | X0 + sigma Z = u]}.
 * Tweedie's formula turns it into the score of the noised prior, {@code s_VE(u, sigma) =
 * (D(u, sigma) - u) / sigma^2}, and into the score of the Ornstein-Uhlenbeck noised prior used by the
 * samplers, {@code s(x, t) = e^t s_VE(e^t x, sigma(t))} with {@code sigma(t) = sqrt(e^{2t} - 1)}
 * (see {@link NoiseLevels}).
 * <p>
 * All methods are batched over chains: {@code noisy[c]} is chain {@code c}, a flat image of
 * {@code shape} (X fastest). Implementations must not keep references to the arrays.
 */
public interface ScoreModel {

	/**
	 * Writes {@code D(noisy[c], sigma)} into {@code out[c]} for every chain.
	 *
	 * @param shape the shape of each chain's image
	 * @param noisy the noisy images, one per chain
	 * @param sigma the noise level (standard deviation of the added Gaussian noise), &gt; 0
	 * @param out receives the denoised images; same sizes as {@code noisy}
	 */
	void denoise(ImageShape shape, float[][] noisy, double sigma, float[][] out);

	/**
	 * Whether the prior is unchanged by the flips and quarter turns of each XY plane (quarter turns only
	 * where the planes are square), so that its denoiser commutes with them: the sampler may then show the
	 * network each image flipped or turned ({@link org.almc.core.sampler.AlmcSampler.Settings#symmetrized}).
	 * False unless a model states it.
	 */
	default boolean hasPlaneSymmetries() {
		return false;
	}

	/** Whether {@link #denoiseVectorJacobianProduct} is available (needed by the DPS baseline). */
	default boolean supportsVectorJacobianProduct() {
		return false;
	}

	/**
	 * Writes the vector-Jacobian product {@code v[c]^T dD(u, sigma)/du} at {@code u = noisy[c]} into
	 * {@code out[c]}.
	 *
	 * @throws UnsupportedOperationException if {@link #supportsVectorJacobianProduct()} is false
	 */
	default void denoiseVectorJacobianProduct(final ImageShape shape, final float[][] noisy,
		final double sigma, final float[][] v, final float[][] out)
	{
		throw new UnsupportedOperationException(getClass().getSimpleName() +
			" provides no vector-Jacobian product of its denoiser");
	}
}
