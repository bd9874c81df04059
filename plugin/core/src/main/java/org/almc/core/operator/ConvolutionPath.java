package org.almc.core.operator;

/**
 * One way of applying a {@link PsfConvolution}; the three ways are exact and give the same operator to
 * rounding, and the convolution picks the cheapest that applies: {@link DirectSums} for small problems,
 * {@link CosineProduct} for mirror boundaries and an axis-symmetric PSF, {@link PaddedFft} otherwise.
 * A path holds its own buffers: one per thread ({@link #copy()}).
 */
interface ConvolutionPath {

	void apply(float[] x, float[] out);

	void adjoint(float[] y, float[] out);

	/** {@link #apply} of two images; a path may do both in one pass. */
	default void applyPair(final float[] x1, final float[] x2, final float[] out1, final float[] out2) {
		apply(x1, out1);
		apply(x2, out2);
	}

	/** {@link #adjoint} of two images; a path may do both in one pass. */
	default void adjointPair(final float[] y1, final float[] y2, final float[] out1, final float[] out2) {
		adjoint(y1, out1);
		adjoint(y2, out2);
	}

	/** The same path with buffers of its own. */
	ConvolutionPath copy();
}
