package org.almc.core.operator;

import java.util.Arrays;
import java.util.Optional;

import org.almc.core.ImageShape;
import org.almc.core.util.Dct;

/**
 * Convolution with a 1D, 2D or 3D point spread function, applied along the cheapest exact
 * {@link ConvolutionPath}: direct sums ({@link DirectSums}) for small problems, the DCT-II basis
 * ({@link CosineProduct}) where it diagonalizes the operator, a padded FFT ({@link PaddedFft}) otherwise.
 * <p>
 * With {@link Boundary#MIRROR} and a PSF symmetric along every axis (as generated widefield PSFs
 * are), the orthonormal DCT-II diagonalizes the operator exactly, {@code A = A^T = C^T diag(mu) C}
 * (Ng, Chan and Tang 1999), and it is applied that way: a DCT, a product and an inverse DCT on the
 * image grid itself, without padding, and with {@link #cosineEigenvalues()} offered to callers that
 * work in that basis.
 * <p>
 * With {@link Boundary#MIRROR} the image is extended by half-sample symmetric reflection by at least
 * the PSF's half-width on every side before a circular convolution on the padded grid, and the result
 * is cropped: {@code A = Crop K Pad}, so nothing wraps around. The adjoint is the exact transpose,
 * {@code A^T = Pad^T K^T Crop^T}: zero-embedding, correlation with the PSF (the flipped kernel), and
 * folding each reflected pixel back onto its source. With {@link Boundary#PERIODIC} the convolution
 * is circulant on the image grid itself.
 * <p>
 * The PSF has odd sizes and its centre pixel at {@code (size - 1) / 2}; it is used as given (callers
 * normalize it to unit sum if they want flux preserved).
 */
public final class PsfConvolution implements ForwardOperator {

	/** How the image is extended beyond its borders. */
	public enum Boundary {
		/** Half-sample symmetric reflection; no wrap-around. */
		MIRROR,
		/** Periodic: the operator is circulant (diagonal in Fourier space). */
		PERIODIC
	}

	private final ImageShape image;
	private final ImageShape psfShape;
	private final float[] psf;
	private final Boundary boundary;
	/**
	 * With mirror boundaries and an axis-symmetric PSF, the eigenvalues {@code mu_f} of {@code A} in the
	 * DCT-II basis ({@link Dct} order); null otherwise.
	 */
	private final float[] cosineEigenvalues;
	private final ConvolutionPath path;
	private double normSquaredBound = Double.NaN;

	/** The PSF's sum of squares. */
	@Override
	public double noiseGain() {
		double sum = 0;
		for (final float v : psf) sum += v * (double) v;
		return sum;
	}

	public PsfConvolution(final ImageShape image, final ImageShape psfShape, final float[] psf,
		final Boundary boundary)
	{
		this(image, psfShape, psf, boundary, true);
	}

	/**
	 * @param cosinePath whether to apply the operator in the DCT-II basis where that is exact; false
	 *          keeps the padded FFT (or direct sums) for every PSF, to compare against
	 */
	public PsfConvolution(final ImageShape image, final ImageShape psfShape, final float[] psf, final Boundary boundary,
		final boolean cosinePath)
	{
		validate(image, psfShape, psf, boundary);
		this.image = image;
		this.psfShape = psfShape;
		this.psf = psf.clone();
		this.boundary = boundary;
		cosineEigenvalues = boundary == Boundary.MIRROR && isAxisSymmetric(psfShape, psf) ? cosineEigenvalues(image, psfShape, psf) : null;
		if (DirectSums.isCheaper(image, psfShape, PaddedFft.paddedShape(image, psfShape, boundary))) {
			path = new DirectSums(image, psfShape, this.psf, boundary);
		}
		else if (cosinePath && cosineEigenvalues != null) path = new CosineProduct(image, cosineEigenvalues);
		else path = new PaddedFft(image, psfShape, this.psf, boundary);
	}

	private PsfConvolution(final PsfConvolution other) {
		this.image = other.image;
		this.psfShape = other.psfShape;
		this.psf = other.psf;
		this.boundary = other.boundary;
		this.cosineEigenvalues = other.cosineEigenvalues;
		this.path = other.path.copy();
		this.normSquaredBound = other.normSquaredBound;
	}

	/**
	 * Whether the PSF is symmetric along every axis about its centre pixel, to a millionth of its
	 * largest magnitude (float rounding of a PSF computed from the distance to the centre).
	 */
	static boolean isAxisSymmetric(final ImageShape psfShape, final float[] psf) {
		double max = 0;
		for (final float v : psf) max = Math.max(max, Math.abs(v));
		final double tolerance = 1e-6 * max;
		final int nd = psfShape.numDimensions();
		final int[] k = new int[nd];
		for (int p = 0; p < psf.length; p++) {
			unravel(p, psfShape, k);
			int stride = 1;
			for (int d = 0; d < nd; d++) {
				final int mirrored = p + (psfShape.dim(d) - 1 - 2 * k[d]) * stride;
				if (Math.abs(psf[p] - psf[mirrored]) > tolerance) return false;
				stride *= psfShape.dim(d);
			}
		}
		return true;
	}

	/**
	 * The eigenvalues of mirror-boundary convolution with an axis-symmetric PSF in the DCT-II basis,
	 * in double precision: the basis vector of frequency {@code j} extends by half-sample reflection to
	 * {@code prod_d cos(pi j_d (i_d + 1/2) / n_d)} on the whole lattice, so convolving it with the PSF
	 * scales it by {@code mu_j = sum_m k(m) prod_d cos(pi j_d m_d / n_d)} (the sine terms cancel by
	 * symmetry). The sum runs over the non-negative quadrant of offsets, each counted once per mirror
	 * image, and is taken one axis at a time (a cosine sum along x, then y, then z), so its cost is the
	 * image size times the PSF's half-width rather than times its size.
	 */
	private static float[] cosineEigenvalues(final ImageShape image, final ImageShape psfShape, final float[] psf) {
		final int nd = image.numDimensions();
		final int[] n = { 1, 1, 1 }, dims = { 1, 1, 1 };
		for (int d = 0; d < nd; d++) {
			n[d] = image.dim(d);
			dims[d] = (psfShape.dim(d) + 1) / 2;
		}
		// the quadrant m_d >= 0 of the PSF, weighted 2 per axis where m_d > 0
		double[] sums = new double[dims[0] * dims[1] * dims[2]];
		final int[] k = new int[nd];
		for (int p = 0; p < psf.length; p++) {
			unravel(p, psfShape, k);
			final int[] m = { 0, 0, 0 };
			double weight = psf[p];
			boolean quadrant = true;
			for (int d = 0; d < nd; d++) {
				m[d] = k[d] - (psfShape.dim(d) - 1) / 2;
				quadrant &= m[d] >= 0;
				if (m[d] > 0) weight *= 2;
			}
			if (quadrant) sums[m[0] + dims[0] * (m[1] + dims[1] * m[2])] = weight;
		}
		for (int d = 0; d < 3; d++) {
			// replace the offset axis d (length dims[d]) by the frequency axis (length n[d])
			int inner = 1, outer = 1;
			for (int e = 0; e < d; e++) inner *= n[e];
			for (int e = d + 1; e < 3; e++) outer *= dims[e];
			final double[] next = new double[inner * n[d] * outer];
			for (int o = 0; o < outer; o++) {
				for (int m = 0; m < dims[d]; m++) {
					for (int j = 0; j < n[d]; j++) {
						final double c = Math.cos(Math.PI * j * m / n[d]);
						final int from = inner * (m + dims[d] * o), to = inner * (j + n[d] * o);
						for (int i = 0; i < inner; i++) next[to + i] += c * sums[from + i];
					}
				}
			}
			sums = next;
		}
		final float[] out = new float[sums.length];
		for (int f = 0; f < out.length; f++) out[f] = (float) sums[f];
		return out;
	}

	/** Whether {@link #apply} and {@link #adjoint} run in the DCT-II basis. */
	boolean usesCosinePath() {
		return path instanceof CosineProduct;
	}

	private static void validate(final ImageShape image, final ImageShape psfShape, final float[] psf,
		final Boundary boundary)
	{
		if (psfShape.numDimensions() != image.numDimensions()) {
			throw new IllegalArgumentException("The PSF is " + psfShape.numDimensions() + "D (" + psfShape +
				") but the image is " + image.numDimensions() + "D (" + image + "): use a PSF with as many dimensions as the image");
		}
		if (psf.length != psfShape.size()) {
			throw new IllegalArgumentException("PSF data has " + psf.length + " values, shape " + psfShape + " needs " + psfShape.size());
		}
		for (int d = 0; d < image.numDimensions(); d++) {
			if (psfShape.dim(d) % 2 == 0) {
				throw new IllegalArgumentException("The PSF size " + psfShape + " is even along axis " + d +
					": use odd sizes with the PSF centre in the middle pixel");
			}
			if (psfShape.dim(d) > image.dim(d)) {
				throw new IllegalArgumentException("The PSF (" + psfShape + ") is larger than the image (" + image +
					") along axis " + d + ": crop the PSF to at most the image size");
			}
		}
		double sum = 0;
		for (final float v : psf) {
			if (!Float.isFinite(v)) throw new IllegalArgumentException("The PSF contains NaN or infinite values");
			sum += v;
		}
		if (sum == 0) throw new IllegalArgumentException("The PSF sums to zero");
		if (boundary == null) throw new IllegalArgumentException("No boundary condition given");
	}

	@Override
	public ImageShape inputShape() {
		return image;
	}

	@Override
	public ImageShape outputShape() {
		return image;
	}

	public Boundary boundary() {
		return boundary;
	}

	@Override
	public void apply(final float[] x, final float[] out) {
		path.apply(x, out);
	}

	@Override
	public void adjoint(final float[] y, final float[] out) {
		path.adjoint(y, out);
	}

	@Override
	public void applyPair(final float[] x1, final float[] x2, final float[] out1, final float[] out2) {
		path.applyPair(x1, x2, out1, out2);
	}

	@Override
	public void adjointPair(final float[] y1, final float[] y2, final float[] out1, final float[] out2) {
		path.adjointPair(y1, y2, out1, out2);
	}

	/**
	 * Schur's bound {@code |A|^2 <= max row sum * max column sum} of {@code |A|}, computed by
	 * applying the operator with the absolute PSF to an image of ones.
	 */
	@Override
	public synchronized double normSquaredBound() {
		if (Double.isNaN(normSquaredBound)) {
			final float[] absPsf = psf.clone();
			for (int i = 0; i < absPsf.length; i++) absPsf[i] = Math.abs(absPsf[i]);
			final PsfConvolution abs = new PsfConvolution(image, psfShape, absPsf, boundary);
			final float[] ones = new float[image.size()];
			Arrays.fill(ones, 1f);
			final float[] sums = new float[image.size()];
			abs.apply(ones, sums);
			final double rows = max(sums);
			abs.adjoint(ones, sums);
			normSquaredBound = rows * max(sums) * (1 + 1e-5);
		}
		return normSquaredBound;
	}

	@Override
	public Optional<float[]> circulantPowerSpectrum() {
		if (boundary != Boundary.PERIODIC) return Optional.empty();
		return Optional.of((path instanceof PaddedFft fft ? fft : new PaddedFft(image, psfShape, psf, boundary)).powerSpectrum());
	}

	@Override
	public Optional<float[]> cosineEigenvalues() {
		return Optional.ofNullable(cosineEigenvalues).map(float[]::clone);
	}

	/**
	 * With mirror boundaries: {@code mu_f^2}, exact for axis-symmetric PSFs; for others, {@code mu_f} is
	 * approximated by the ratio of the transforms of {@code A e_0} and {@code e_0} (Ng, Chan and Tang
	 * 1999).
	 */
	@Override
	public Optional<float[]> cosinePowerSpectrum() {
		if (boundary != Boundary.MIRROR) return Optional.empty();
		if (cosineEigenvalues != null) {
			final float[] power = new float[cosineEigenvalues.length];
			for (int f = 0; f < power.length; f++) power[f] = cosineEigenvalues[f] * cosineEigenvalues[f];
			return Optional.of(power);
		}
		final float[] e0 = new float[image.size()];
		e0[0] = 1;
		final float[] column = new float[image.size()];
		copy().apply(e0, column);
		final Dct dct = new Dct(image);
		dct.forward(e0);
		dct.forward(column);
		final float[] power = new float[image.size()];
		for (int i = 0; i < power.length; i++) {
			final float mu = column[i] / e0[i];
			power[i] = mu * mu;
		}
		return Optional.of(power);
	}

	@Override
	public ForwardOperator copy() {
		return new PsfConvolution(this);
	}

	private static double max(final float[] a) {
		double m = Double.NEGATIVE_INFINITY;
		for (final float v : a) m = Math.max(m, v);
		return m;
	}

	static void unravel(int index, final ImageShape shape, final int[] pos) {
		for (int d = 0; d < shape.numDimensions(); d++) {
			pos[d] = index % shape.dim(d);
			index /= shape.dim(d);
		}
	}
}
