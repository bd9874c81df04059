package org.almc.core.operator;

import java.util.Arrays;

import org.almc.core.ImageShape;
import org.almc.core.util.Reflection;

/**
 * The convolution as a sparse matrix, one row of {@code psf.length} entries per pixel with the boundary
 * folded in: cheapest for small images and PSFs.
 */
final class DirectSums implements ConvolutionPath {

	private final int pixels;
	private final int taps;
	/** Row {@code i}: for each PSF pixel, the image pixel (after the boundary) it weights ... */
	private final int[] columns;
	/** ... and its weight. */
	private final float[] weights;

	DirectSums(final ImageShape image, final ImageShape psfShape, final float[] psf, final PsfConvolution.Boundary boundary) {
		this.pixels = image.size();
		this.taps = psfShape.size();
		this.columns = new int[pixels * taps];
		this.weights = new float[pixels * taps];
		final int nd = image.numDimensions();
		final int[] pos = new int[nd];
		final int[] k = new int[nd];
		for (int i = 0; i < pixels; i++) {
			PsfConvolution.unravel(i, image, pos);
			for (int p = 0; p < taps; p++) {
				PsfConvolution.unravel(p, psfShape, k);
				int src = 0;
				int stride = 1;
				for (int d = 0; d < nd; d++) {
					final int c = (psfShape.dim(d) - 1) / 2;
					final int j = pos[d] - (k[d] - c);
					final int wrapped = boundary == PsfConvolution.Boundary.MIRROR ? Reflection.halfSample(j, image.dim(d)) : Math.floorMod(j, image
						.dim(d));
					src += wrapped * stride;
					stride *= image.dim(d);
				}
				columns[i * taps + p] = src;
				weights[i * taps + p] = psf[p];
			}
		}
	}

	/** Direct summation costs {@code pixels * taps}; two FFTs of the padded grid about {@code 10 L log2 L}. */
	static boolean isCheaper(final ImageShape image, final ImageShape psfShape, final ImageShape padded) {
		final double direct = (double) image.size() * psfShape.size();
		final double transform = 10.0 * padded.size() * Math.log(padded.size()) / Math.log(2);
		return direct < transform && direct <= 4_000_000;
	}

	@Override
	public void apply(final float[] x, final float[] out) {
		for (int i = 0, e = 0; i < pixels; i++) {
			float sum = 0;
			for (int p = 0; p < taps; p++, e++) sum += weights[e] * x[columns[e]];
			out[i] = sum;
		}
	}

	@Override
	public void adjoint(final float[] y, final float[] out) {
		Arrays.fill(out, 0, pixels, 0f);
		for (int i = 0, e = 0; i < pixels; i++) {
			final float v = y[i];
			for (int p = 0; p < taps; p++, e++) out[columns[e]] += weights[e] * v;
		}
	}

	/** No buffers: the matrix is shared. */
	@Override
	public ConvolutionPath copy() {
		return this;
	}
}
