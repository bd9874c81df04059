package org.almc.core.operator;

import java.util.Optional;

import org.almc.core.ImageShape;

/**
 * A linear measurement operator {@code A} and its adjoint {@code A^T}, on flat images (X fastest).
 * Implementations reuse internal buffers and are not safe for concurrent calls; use
 * {@link #copy()} to get one per thread.
 */
public interface ForwardOperator {

	/** The shape of the images {@code x} the operator acts on. */
	ImageShape inputShape();

	/** The shape of the measurements {@code A x}. */
	ImageShape outputShape();

	/** {@code out = A x}. */
	void apply(float[] x, float[] out);

	/** {@code out = A^T y}. */
	void adjoint(float[] y, float[] out);

	/** {@link #apply} to two images; operators may do both in one pass. */
	default void applyPair(final float[] x1, final float[] x2, final float[] out1, final float[] out2) {
		apply(x1, out1);
		apply(x2, out2);
	}

	/** {@link #adjoint} of two images; operators may do both in one pass. */
	default void adjointPair(final float[] y1, final float[] y2, final float[] out1, final float[] out2) {
		adjoint(y1, out1);
		adjoint(y2, out2);
	}

	/** An upper bound on the squared operator norm {@code |A|^2}, used for step sizes. */
	double normSquaredBound();

	/**
	 * The typical diagonal of {@code A A^T}: the variance of a pixel of {@code A z} for white noise
	 * {@code z} of unit variance (the PSF's sum of squares for a blur, away from the borders). 0 where
	 * unknown, which claims nothing.
	 */
	default double noiseGain() {
		return 0;
	}

	/**
	 * If {@code A} is circulant on its input grid (same input and output shape), the eigenvalues of
	 * {@code A^T A} in {@link org.almc.core.util.Fft} transform order; empty otherwise.
	 */
	default Optional<float[]> circulantPowerSpectrum() {
		return Optional.empty();
	}

	/**
	 * The eigenvalues of {@code A^T A} in the orthonormal DCT-II basis of the input grid
	 * ({@link org.almc.core.util.Dct} order): exact for operators that basis diagonalizes (mirror-boundary
	 * convolution with a symmetric PSF), an approximation otherwise; used to precondition samplers.
	 * Empty if there is no such approximation.
	 */
	default Optional<float[]> cosinePowerSpectrum() {
		return Optional.empty();
	}

	/**
	 * The eigenvalues {@code mu_f} of {@code A} in the orthonormal DCT-II basis ({@link org.almc.core.util.Dct}
	 * order) where that basis diagonalizes {@code A} exactly, {@code A = C^T diag(mu) C} (so {@code A} is
	 * symmetric, with input and output on one grid); empty otherwise.
	 */
	default Optional<float[]> cosineEigenvalues() {
		return Optional.empty();
	}

	/** An independent instance (own buffers) for use on another thread. */
	ForwardOperator copy();
}
