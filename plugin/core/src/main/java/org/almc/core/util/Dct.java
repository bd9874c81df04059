package org.almc.core.util;

import org.almc.core.ImageShape;
import org.jtransforms.dct.FloatDCT_1D;
import org.jtransforms.dct.FloatDCT_2D;
import org.jtransforms.dct.FloatDCT_3D;

/**
 * A reusable orthonormal DCT-II plan (JTransforms) over an {@link ImageShape}, on real data laid out X
 * fastest. The DCT-II diagonalizes convolution with a symmetric kernel under half-sample symmetric
 * (mirror) boundary conditions, the boundary {@link org.almc.core.operator.PsfConvolution} uses.
 */
public final class Dct {

	private final FloatDCT_1D dct1;
	private final FloatDCT_2D dct2;
	private final FloatDCT_3D dct3;

	public Dct(final ImageShape shape) {
		final int nd = shape.numDimensions();
		dct1 = nd == 1 ? new FloatDCT_1D(shape.dim(0)) : null;
		dct2 = nd == 2 ? new FloatDCT_2D(shape.dim(1), shape.dim(0)) : null;
		dct3 = nd == 3 ? new FloatDCT_3D(shape.dim(2), shape.dim(1), shape.dim(0)) : null;
	}

	/** In-place orthonormal forward transform. */
	public void forward(final float[] data) {
		if (dct1 != null) dct1.forward(data, true);
		else if (dct2 != null) dct2.forward(data, true);
		else dct3.forward(data, true);
	}

	/** In-place orthonormal inverse transform. */
	public void inverse(final float[] data) {
		if (dct1 != null) dct1.inverse(data, true);
		else if (dct2 != null) dct2.inverse(data, true);
		else dct3.inverse(data, true);
	}
}
