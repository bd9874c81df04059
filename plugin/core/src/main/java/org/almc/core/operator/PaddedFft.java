package org.almc.core.operator;

import java.util.Arrays;

import org.almc.core.ImageShape;
import org.almc.core.util.Fft;
import org.almc.core.util.Reflection;

/**
 * The convolution by FFT (JTransforms) on a padded grid. With {@link PsfConvolution.Boundary#MIRROR} the
 * image is extended by half-sample symmetric reflection by at least the PSF's half-width on every side
 * (to a fast FFT size) before a circular convolution, and the result is cropped: {@code A = Crop K Pad},
 * so nothing wraps around; the adjoint is the exact transpose {@code A^T = Pad^T K^T Crop^T}
 * (zero-embedding, correlation with the PSF, folding each reflected pixel back onto its source). With
 * {@link PsfConvolution.Boundary#PERIODIC} the grid is the image's own and the convolution circulant.
 * Two real images share one complex transform ({@link #applyPair}, {@link #adjointPair}).
 */
final class PaddedFft implements ConvolutionPath {

	private final ImageShape image;
	private final ImageShape padded;
	/** For each image pixel, its index in the padded grid. */
	private final int[] cropIndex;
	/** For each padded pixel, the image pixel it replicates. */
	private final int[] sourceIndex;
	/** Kernel spectrum on the padded grid, interleaved complex. */
	private final float[] kernelSpectrum;
	private final Fft fft;
	private final float[] buffer;

	PaddedFft(final ImageShape image, final ImageShape psfShape, final float[] psf, final PsfConvolution.Boundary boundary) {
		this.image = image;
		this.padded = paddedShape(image, psfShape, boundary);
		final int nd = image.numDimensions();
		final int[] before = new int[nd];
		for (int d = 0; d < nd; d++) before[d] = boundary == PsfConvolution.Boundary.MIRROR ? (psfShape.dim(d) - 1) / 2 : 0;
		this.cropIndex = new int[image.size()];
		this.sourceIndex = new int[padded.size()];
		final int[] pos = new int[nd];
		for (int q = 0; q < padded.size(); q++) {
			PsfConvolution.unravel(q, padded, pos);
			int src = 0;
			int stride = 1;
			boolean inside = true;
			for (int d = 0; d < nd; d++) {
				final int j = Reflection.halfSample(pos[d] - before[d], image.dim(d));
				inside &= pos[d] - before[d] == j;
				src += j * stride;
				stride *= image.dim(d);
			}
			sourceIndex[q] = src;
			if (inside) cropIndex[src] = q;
		}
		this.fft = new Fft(padded);
		this.buffer = fft.newComplexBuffer();
		this.kernelSpectrum = fft.newComplexBuffer();
		final int[] k = new int[nd];
		for (int p = 0; p < psfShape.size(); p++) {
			PsfConvolution.unravel(p, psfShape, k);
			int q = 0;
			int stride = 1;
			for (int d = 0; d < nd; d++) {
				final int c = (psfShape.dim(d) - 1) / 2;
				q += Math.floorMod(k[d] - c, padded.dim(d)) * stride;
				stride *= padded.dim(d);
			}
			kernelSpectrum[2 * q] += psf[p];
		}
		fft.forward(kernelSpectrum);
	}

	private PaddedFft(final PaddedFft other) {
		this.image = other.image;
		this.padded = other.padded;
		this.cropIndex = other.cropIndex;
		this.sourceIndex = other.sourceIndex;
		this.kernelSpectrum = other.kernelSpectrum;
		this.fft = new Fft(padded);
		this.buffer = fft.newComplexBuffer();
	}

	/** The padded grid: the image's, or with mirror boundaries at least a PSF half-width more per side, of a fast FFT size. */
	static ImageShape paddedShape(final ImageShape image, final ImageShape psfShape, final PsfConvolution.Boundary boundary) {
		final int nd = image.numDimensions();
		final int[] dims = new int[nd];
		for (int d = 0; d < nd; d++) {
			dims[d] = boundary == PsfConvolution.Boundary.MIRROR ? smoothSize(image.dim(d) + 2 * ((psfShape.dim(d) - 1) / 2)) : image.dim(d);
		}
		return new ImageShape(dims);
	}

	/** The smallest size at least {@code n} whose prime factors are 2, 3, 5 or 7 (fast FFT sizes). */
	static int smoothSize(final int n) {
		for (int m = n;; m++) {
			int r = m;
			for (final int p : new int[] { 2, 3, 5, 7 }) {
				while (r % p == 0) r /= p;
			}
			if (r == 1) return m;
		}
	}

	/** {@code |K_f|^2} on the padded grid (the image grid where the boundary is periodic). */
	float[] powerSpectrum() {
		final float[] power = new float[padded.size()];
		for (int i = 0; i < power.length; i++) {
			final float re = kernelSpectrum[2 * i], im = kernelSpectrum[2 * i + 1];
			power[i] = re * re + im * im;
		}
		return power;
	}

	@Override
	public void apply(final float[] x, final float[] out) {
		applyPair(x, null, out, null);
	}

	@Override
	public void adjoint(final float[] y, final float[] out) {
		adjointPair(y, null, out, null);
	}

	/** One image ({@code x2 == null}) or two at once: the first in the real parts, the second in the imaginary (the PSF is real). */
	@Override
	public void applyPair(final float[] x1, final float[] x2, final float[] out1, final float[] out2) {
		for (int q = 0; q < sourceIndex.length; q++) {
			buffer[2 * q] = x1[sourceIndex[q]];
			buffer[2 * q + 1] = x2 == null ? 0 : x2[sourceIndex[q]];
		}
		fft.forward(buffer);
		multiplySpectrum(false);
		fft.inverse(buffer);
		for (int i = 0; i < cropIndex.length; i++) out1[i] = buffer[2 * cropIndex[i]];
		if (x2 != null) for (int i = 0; i < cropIndex.length; i++) out2[i] = buffer[2 * cropIndex[i] + 1];
	}

	/** One image ({@code y2 == null}) or two at once. */
	@Override
	public void adjointPair(final float[] y1, final float[] y2, final float[] out1, final float[] out2) {
		Arrays.fill(buffer, 0f);
		for (int i = 0; i < cropIndex.length; i++) {
			buffer[2 * cropIndex[i]] = y1[i];
			if (y2 != null) buffer[2 * cropIndex[i] + 1] = y2[i];
		}
		fft.forward(buffer);
		multiplySpectrum(true);
		fft.inverse(buffer);
		Arrays.fill(out1, 0, image.size(), 0f);
		for (int q = 0; q < sourceIndex.length; q++) out1[sourceIndex[q]] += buffer[2 * q];
		if (y2 != null) {
			Arrays.fill(out2, 0, image.size(), 0f);
			for (int q = 0; q < sourceIndex.length; q++) out2[sourceIndex[q]] += buffer[2 * q + 1];
		}
	}

	private void multiplySpectrum(final boolean conjugate) {
		final float sign = conjugate ? -1f : 1f;
		for (int i = 0; i < buffer.length; i += 2) {
			final float a = buffer[i], b = buffer[i + 1];
			final float c = kernelSpectrum[i], e = sign * kernelSpectrum[i + 1];
			buffer[i] = a * c - b * e;
			buffer[i + 1] = a * e + b * c;
		}
	}

	@Override
	public ConvolutionPath copy() {
		return new PaddedFft(this);
	}
}
