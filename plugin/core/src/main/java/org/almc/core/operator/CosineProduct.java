package org.almc.core.operator;

import org.almc.core.ImageShape;
import org.almc.core.util.Dct;

/**
 * Mirror-boundary convolution with an axis-symmetric PSF in the basis that diagonalizes it,
 * {@code A = A^T = C^T diag(mu) C} with {@code C} the orthonormal DCT-II: a transform, a product and an
 * inverse transform on the image grid itself, without padding.
 */
final class CosineProduct implements ConvolutionPath {

	private final ImageShape image;
	/** {@code mu_f}, in {@link Dct} order. */
	private final float[] eigenvalues;
	private final Dct dct;

	CosineProduct(final ImageShape image, final float[] eigenvalues) {
		this.image = image;
		this.eigenvalues = eigenvalues;
		this.dct = new Dct(image);
	}

	/** {@code out = C^T diag(mu) C x}. */
	@Override
	public void apply(final float[] x, final float[] out) {
		System.arraycopy(x, 0, out, 0, eigenvalues.length);
		dct.forward(out);
		for (int f = 0; f < eigenvalues.length; f++) out[f] *= eigenvalues[f];
		dct.inverse(out);
	}

	/** The operator is symmetric. */
	@Override
	public void adjoint(final float[] y, final float[] out) {
		apply(y, out);
	}

	@Override
	public ConvolutionPath copy() {
		return new CosineProduct(image, eigenvalues);
	}
}
