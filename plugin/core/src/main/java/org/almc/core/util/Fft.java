package org.almc.core.util;

import org.almc.core.ImageShape;
import org.jtransforms.fft.FloatFFT_1D;
import org.jtransforms.fft.FloatFFT_2D;
import org.jtransforms.fft.FloatFFT_3D;

/**
 * A reusable complex FFT plan (JTransforms) over an {@link ImageShape}, on interleaved complex data
 * {@code (re, im)} laid out X fastest, the same order as the flat images. One plan per shape; a plan
 * holds only precomputed tables and is reused across calls.
 */
public final class Fft {

	private final ImageShape shape;
	private final FloatFFT_1D fft1;
	private final FloatFFT_2D fft2;
	private final FloatFFT_3D fft3;

	public Fft(final ImageShape shape) {
		this.shape = shape;
		final int nd = shape.numDimensions();
		// JTransforms indexes row-major with the last index fastest, so the axes are given reversed.
		fft1 = nd == 1 ? new FloatFFT_1D(shape.dim(0)) : null;
		fft2 = nd == 2 ? new FloatFFT_2D(shape.dim(1), shape.dim(0)) : null;
		fft3 = nd == 3 ? new FloatFFT_3D(shape.dim(2), shape.dim(1), shape.dim(0)) : null;
	}

	public ImageShape shape() {
		return shape;
	}

	/** A new zeroed complex buffer of {@code 2 * size} floats. */
	public float[] newComplexBuffer() {
		return new float[2 * shape.size()];
	}

	/** In-place forward transform (no scaling). */
	public void forward(final float[] complex) {
		if (fft1 != null) fft1.complexForward(complex);
		else if (fft2 != null) fft2.complexForward(complex);
		else fft3.complexForward(complex);
	}

	/** In-place inverse transform, scaled by {@code 1 / size} so that it inverts {@link #forward}. */
	public void inverse(final float[] complex) {
		if (fft1 != null) fft1.complexInverse(complex, true);
		else if (fft2 != null) fft2.complexInverse(complex, true);
		else fft3.complexInverse(complex, true);
	}

	/** Copies real data into the real parts of {@code complex}, zeroing the imaginary parts. */
	public static void toComplex(final float[] real, final float[] complex) {
		for (int i = 0; i < real.length; i++) {
			complex[2 * i] = real[i];
			complex[2 * i + 1] = 0;
		}
	}

	/** Copies the real parts of {@code complex} into {@code real}. */
	public static void realPart(final float[] complex, final float[] real) {
		for (int i = 0; i < real.length; i++) real[i] = complex[2 * i];
	}

	/** Multiplies each complex entry by the real factor {@code factor[i]}. */
	public static void multiplyReal(final float[] complex, final float[] factor) {
		for (int i = 0; i < factor.length; i++) {
			complex[2 * i] *= factor[i];
			complex[2 * i + 1] *= factor[i];
		}
	}

	/**
	 * The spectrum of a real, even-symmetric (circulant) matrix whose first column is
	 * {@code firstColumn}: its real eigenvalues, in transform order.
	 */
	public float[] realSpectrum(final float[] firstColumn) {
		final float[] c = newComplexBuffer();
		toComplex(firstColumn, c);
		forward(c);
		final float[] eig = new float[shape.size()];
		realPart(c, eig);
		return eig;
	}
}
