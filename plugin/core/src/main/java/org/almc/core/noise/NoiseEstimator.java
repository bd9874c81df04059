package org.almc.core.noise;

import java.util.Arrays;

import org.almc.core.ImageShape;

/**
 * Estimates the noise of one image without a clean reference.
 * <p>
 * Both estimators start from the high-pass residual of Immerkaer (1996),
 * <pre>
 *   r(x, y) = (1/6) sum_(i,j) L_ij y(x + i, y + j),    L = [1 -2 1; -2 4 -2; 1 -2 1],
 * </pre>
 * the difference of two discrete Laplacians. {@code L} annihilates constants, ramps and every
 * polynomial without an {@code x^2 y^2} term, and {@code sum L_ij^2 = 36}, so for independent noise
 * of variance {@code v_ij} around pixel {@code (x, y)}, {@code Var r = sum L_ij^2 v_ij / 36} (exactly
 * {@code sigma^2} for white noise). Instead of Immerkaer's mean absolute residual, the scale is taken
 * robustly as Donoho's median absolute deviation, {@code sigma = median |r| / 0.6745}, so that edges
 * and other structure that leaks into {@code r} at a minority of pixels does not bias it.
 * <p>
 * The planes of a 3D image are processed separately and their residuals pooled; NaN or infinite
 * pixels are rejected.
 * <p>
 * Real detectors' noise is often correlated between neighbouring pixels (a scanning detector's analogue
 * bandwidth, an EMCCD's charge transfer, resampling). {@code L} then sees less of it:
 * {@code Var r = sigma^2 (1 - 4/3 (rho_x + rho_y) + 16/9 rho_d)} for correlations {@code rho_x},
 * {@code rho_y} and {@code rho_d} with the pixel's horizontal, vertical and diagonal neighbours (on a
 * real frame, {@code rho_x = 0.25} and {@code rho_y = 0.13} made the plain estimate of the gain about
 * half the per-pixel variance's slope). Both estimators therefore also fit these correlations, from the residual's
 * own autocovariance ({@link #correlation}), and return the per-pixel variance.
 */
public final class NoiseEstimator {

	/** {@code Phi^-1(3/4)}: the median of {@code |N(0, 1)|}. */
	private static final double MAD_NORMAL = 0.6744897501960817;
	/** Half-width of the local-mean window of {@link #poissonGaussian}: 7 x 7 pixels. */
	private static final int MEAN_RADIUS = 3;
	/** Fewest pixels (with a full local-mean window) for {@link #poissonGaussian}. */
	static final int MIN_PIXELS = 4096;
	/** Number of equal-width intensity bins, and the fewest pixels a bin needs to be used. */
	private static final int BINS = 32;
	private static final int MIN_BIN_PIXELS = 200;
	private static final int MIN_BINS = 3;
	/** Residuals beyond {@code CLIP} robust standard deviations are left out of a bin's variance. */
	private static final double CLIP = 4;
	/** {@code 1 - 2 c phi(c) / (2 Phi(c) - 1)} at {@code c = 4}: the variance kept by clipping a Gaussian. */
	private static final double CLIPPED_VARIANCE_FRACTION = 0.9989293;
	/** Bins whose standardized residual exceeds this many robust standard deviations are dropped. */
	private static final double OUTLIER_CUT = 3.5;
	/** Half-width of the box means the camera offset is read from (15 x 15 pixels). */
	private static final int OFFSET_RADIUS = 7;
	/** The fraction of box means below the offset estimate. */
	private static final double DARK_FRACTION = 0.01;
	/** Largest lag of the residual's autocovariance that {@link #correlation} fits. */
	private static final int CORRELATION_LAGS = 3;
	/** Standardized residuals beyond this are left out of the autocovariance (edges, outliers). */
	private static final double CORRELATION_CLIP = 5;
	/**
	 * The standard error of a fitted correlation is about this over the square root of the number of
	 * residuals (white noise on 256 x 256 test images, 20 seeds: 0.02 to 0.03).
	 */
	private static final double CORRELATION_ERROR = 8;
	/** A correlation is kept where its largest coefficient is this many standard errors from zero. */
	private static final double CORRELATION_SIGNIFICANCE = 3.5;
	/** Fewest residuals per plane side (beyond the lags) for {@link #correlation}; smaller images are taken as uncorrelated. */
	private static final int MIN_CORRELATION_SIDE = 16;
	/** The read variance's floor, as a fraction of the variance at the image's median intensity. */
	private static final double MIN_READ_VARIANCE_FRACTION = 0.01;

	private NoiseEstimator() {}

	/**
	 * The camera model {@code Var[y] = gain E[y] + readVariance} fitted to one image.
	 *
	 * @param gain the slope {@code a}: variance per unit of signal, in the image's units (for
	 *          {@code y = g Poisson(s / g) + N(0, b)}, {@code a = g})
	 * @param readVariance the intercept {@code b}: the signal-independent (read noise) variance, in squared
	 *          image units; it can come out slightly negative when the read noise is negligible
	 * @param binsUsed how many intensity bins entered the final fit (the fit's support; at least 3)
	 * @param correlation the noise's correlation between neighbouring pixels, which {@code gain} and
	 *          {@code readVariance} are corrected for
	 */
	public record PoissonGaussianFit(double gain, double readVariance, int binsUsed, NoiseCorrelation correlation) {

		/** The read noise standard deviation {@code sqrt(max(b, 0))}. */
		public double readNoise() {
			return Math.sqrt(Math.max(readVariance, 0));
		}
	}

	/**
	 * The correlation coefficients of the noise of one pixel with its horizontal ({@code x}), vertical
	 * ({@code y}) and diagonal ({@code diagonal}) neighbours, the same on both sides and on both
	 * diagonals; farther pixels are taken as uncorrelated.
	 */
	public record NoiseCorrelation(double x, double y, double diagonal) {

		/** Uncorrelated noise. */
		public static final NoiseCorrelation NONE = new NoiseCorrelation(0, 0, 0);

		/** Correlations below this are left out: within the estimate's error, or its bias from structure. */
		public static final double NOTABLE = 0.05;

		/**
		 * The smallest {@link #residualVarianceFactor}: strongly correlated noise (an image that was
		 * filtered, or resampled) would otherwise have its variance multiplied without bound.
		 */
		public static final double MIN_RESIDUAL_VARIANCE_FACTOR = 0.25;

		/**
		 * {@code Var r / sigma^2} for Immerkaer's residual {@code r} of noise with these correlations,
		 * {@code 1 - 4/3 (x + y) + 16/9 diagonal}, but at least {@value #MIN_RESIDUAL_VARIANCE_FACTOR}.
		 */
		public double residualVarianceFactor() {
			return Math.max(MIN_RESIDUAL_VARIANCE_FACTOR, 1 - 4.0 / 3 * (x + y) + 16.0 / 9 * diagonal);
		}

		/** The largest of the three coefficients in magnitude. */
		public double largest() {
			return Math.max(Math.abs(x), Math.max(Math.abs(y), Math.abs(diagonal)));
		}

		/**
		 * The noise's spectrum is kept at least this (of white noise's 1) where the fitted coefficients would
		 * take it lower, so that whitening it amplifies no frequency by more than {@code 1 / sqrt} of it.
		 */
		public static final double MIN_SPECTRUM = 0.1;

		/**
		 * The eigenvalues of the noise's correlation matrix {@code R} on a plane of {@code plane} with mirror
		 * boundaries, in the DCT-II basis ({@link org.almc.core.util.Dct} order):
		 * {@code 1 + 2 x cos(a) + 2 y cos(b) + 4 diagonal cos(a) cos(b)}, {@code a = pi j_x / n_x},
		 * {@code b = pi j_y / n_y}, at least {@link #MIN_SPECTRUM}: the noise's power at each frequency,
		 * relative to white noise of the same per-pixel variance.
		 */
		public float[] spectrum(final ImageShape plane) {
			if (plane.numDimensions() != 2) throw new IllegalArgumentException("The noise's correlation is per plane, got a " + plane.numDimensions() + "D shape");
			final int nx = plane.dim(0), ny = plane.dim(1);
			final float[] power = new float[nx * ny];
			for (int jy = 0; jy < ny; jy++) {
				final double b = Math.cos(Math.PI * jy / ny);
				for (int jx = 0; jx < nx; jx++) {
					final double a = Math.cos(Math.PI * jx / nx);
					power[jx + nx * jy] = (float) Math.max(MIN_SPECTRUM, 1 + 2 * x * a + 2 * y * b + 4 * diagonal * a * b);
				}
			}
			return power;
		}

		/** For logs: "x 0.22, y 0.19, diagonal 0.09". */
		public String describe() {
			return String.format(java.util.Locale.ROOT, "x %.2f, y %.2f, diagonal %.2f", x, y, diagonal);
		}
	}

	/**
	 * A camera, {@code y = offset + gain Poisson(s) + N(0, readNoise^2)} in the image's units, estimated
	 * from the image alone.
	 *
	 * @param gain variance per unit of signal above the offset (for a camera, ADU per photoelectron)
	 * @param offset the level of zero signal: the darkest region of the image (see {@link #camera})
	 * @param readNoise the noise standard deviation at the offset
	 * @param line the variance line {@code Var[y] = gain E[y] + b} it comes from
	 */
	public record CameraFit(double gain, double offset, double readNoise, PoissonGaussianFit line) {}

	/**
	 * Estimates a camera's gain, offset and read noise from one image (or the planes of a stack, pooled).
	 * <ol>
	 * <li>The variance line {@code Var[y] = a E[y] + b} of {@link #poissonGaussian}: the gain is {@code a}.
	 * It must be positive: noise that does not grow with the signal is not camera noise.</li>
	 * <li>A line alone cannot separate the offset from the read noise ({@code b = r^2 - a offset}); the
	 * offset is taken as the level of the darkest part of the image, on the assumption that some of it
	 * carries no light: the 1st percentile of the 15 x 15 box means. Where a zero-signal region covers
	 * more than 1 % of the image, this falls about 2.3 box-mean standard deviations
	 * ({@code 2.3 readNoise / 15}) below the true offset; where every pixel carries some background light,
	 * it comes out at the darkest background's level. Either way the noise weights above it are unchanged,
	 * and the restored mean, clamped there, is kept only from falling below the image's darkest
	 * background (not raising the correction: on real images without a zero-signal region it would clamp
	 * the darkest background upwards).</li>
	 * <li>The read noise is the line's value there, {@code r^2 = a offset + b}, but at least a hundredth of
	 * the variance at the image's median (the line can reach zero at the offset, e.g. for photon-counting
	 * detectors, which would make dark pixels infinitely certain).</li>
	 * </ol>
	 *
	 * @throws IllegalArgumentException where {@link #poissonGaussian} fails, or the fitted gain is not
	 *           positive (the message says to use a Gaussian noise model)
	 */
	public static CameraFit camera(final float[] image, final ImageShape shape) {
		final PoissonGaussianFit line = poissonGaussian(image, shape);
		final double a = line.gain(), b = line.readVariance();
		if (!(a > 0)) {
			throw new IllegalArgumentException("The noise of the image " + shape + " does not grow with the intensity (fitted gain " +
				(float) a + "), so it cannot be described as camera (shot) noise; use the Gaussian noise model");
		}
		if (shape.dim(0) <= 2 * OFFSET_RADIUS || shape.dim(1) <= 2 * OFFSET_RADIUS) {
			throw new IllegalArgumentException("Each plane of the image " + shape + " must be at least " + (2 * OFFSET_RADIUS + 1) + " x " +
				(2 * OFFSET_RADIUS + 1) + " pixels to estimate the camera offset");
		}
		final float[] windows = localMeans(image, shape, OFFSET_RADIUS);
		Arrays.sort(windows);
		final double offset = windows[(int) (DARK_FRACTION * (windows.length - 1))];
		final double median = windows[windows.length / 2];
		final double readVariance = Math.max(a * offset + b, MIN_READ_VARIANCE_FRACTION * (a * median + b));
		return new CameraFit(a, offset, Math.sqrt(readVariance), line);
	}

	/**
	 * A variance line {@code Var = gain v + readVariance} (image units); {@code gain} 0 for white noise.
	 */
	public record VarianceLine(double gain, double readVariance) {

		/** The variance at intensity {@code v}, not below 0. */
		public double variance(final double v) {
			return Math.max(0, gain * v + readVariance);
		}
	}

	/**
	 * The noise an image carries of its own (a training image, or a benchmark's truth): the
	 * {@link #poissonGaussian} line where one can be fitted, grows with the signal and is positive at
	 * {@code reference}, else white noise of {@link #gaussianSigma} (too few intensity levels for a line, or a
	 * line that does not describe the noise).
	 */
	public static VarianceLine ownNoise(final float[] image, final ImageShape shape, final double reference) {
		try {
			final PoissonGaussianFit line = poissonGaussian(image, shape);
			if (line.gain() > 0 && line.gain() * reference + line.readVariance() > 0) return new VarianceLine(line.gain(), line.readVariance());
		}
		catch (final IllegalArgumentException tooSmallOrFlat) {
			// the white estimate below
		}
		final double sigma = gaussianSigma(image, shape);
		return new VarianceLine(0, sigma * sigma);
	}

	/**
	 * The standard deviation of additive white Gaussian noise: {@code sigma = median |r| / 0.6745} of
	 * Immerkaer's residual {@code r} (see the class comment) over all pixels at least one pixel from the
	 * border, corrected for the noise's correlation between neighbouring pixels ({@link #correlation}):
	 * the per-pixel standard deviation. Smooth structure does not contribute; sharp edges bias it upwards
	 * only if they cover a sizeable fraction of the image.
	 *
	 * @param image the pixels, flat, X fastest; 2D, or 3D (planes pooled)
	 * @param shape the image shape; each plane must be at least 3 x 3
	 */
	public static double gaussianSigma(final float[] image, final ImageShape shape) {
		validate(image, shape, 1);
		final float[] residuals = residuals(image, shape, 1);
		final double residualSigma = madSigma(residuals);
		if (residualSigma == 0) return 0;
		final NoiseCorrelation correlation = correlation(residuals, null, residualSigma, shape, 1);
		return residualSigma / Math.sqrt(correlation.residualVarianceFactor());
	}

	/**
	 * The correlation of the noise between neighbouring pixels (for white noise of any variance, or
	 * signal-dependent noise whose correlation does not depend on the signal).
	 *
	 * @see #correlation(float[], float[], double, ImageShape, int)
	 */
	public static NoiseCorrelation correlation(final float[] image, final ImageShape shape) {
		validate(image, shape, 1);
		final float[] residuals = residuals(image, shape, 1);
		final double residualSigma = madSigma(residuals);
		if (residualSigma == 0) return NoiseCorrelation.NONE;
		return correlation(residuals, null, residualSigma, shape, 1);
	}

	/**
	 * Fits the noise's neighbour correlations to the autocovariance of Immerkaer's residual. For noise
	 * of covariance {@code C(d)} (variance {@code c0}, {@code c0 rho} at the neighbours), the residual's
	 * autocovariance at lag {@code t} is {@code sum_d M(t - d) C(d)}, with {@code M = (L * L) / 36}, the
	 * autocorrelation of {@code L}: {@code [1 -4 6 -4 1]} along x times the same along y, over 36. It is
	 * measured at every lag up to {@value #CORRELATION_LAGS} pixels along each axis (leaving out residuals
	 * beyond {@value #CORRELATION_CLIP} times their expected scale: edges and outliers), and {@code c0}
	 * and the three covariances are fitted by least squares. {@code L} cannot see the noise's power at
	 * zero frequency, but a correlation of known short range is determined by the lags around it.
	 * <p>
	 * The products are not standardized, so that each pixel counts with its variance: the correlation of
	 * the noise's power. It can depend on the intensity (on a real frame, shot noise was correlated,
	 * {@code rho_x = 0.29}, where the dark background's noise was nearly white, 0.09); weighting by the
	 * variance measures it where the noise is strongest, which the gain is fitted to.
	 *
	 * @param residuals Immerkaer's residuals, planes of {@code (nx - 2 margin) x (ny - 2 margin)}
	 * @param scale the residuals' expected standard deviation per pixel, or null for {@code constantScale}
	 * @return the fit; no correlation where the planes are too small to tell, the fit finds no noise, or
	 *         no coefficient stands out of the estimate's error ({@value #CORRELATION_SIGNIFICANCE} standard
	 *         errors, and at least {@value NoiseCorrelation#NOTABLE}; 0.11 for a 256 x 256 image, 0.055 for
	 *         512 x 512)
	 */
	private static NoiseCorrelation correlation(final float[] residuals, final float[] scale, final double constantScale,
		final ImageShape shape, final int margin)
	{
		final int w = shape.dim(0) - 2 * margin, h = shape.dim(1) - 2 * margin, planes = residuals.length / (w * h);
		if (Math.min(w, h) < MIN_CORRELATION_SIDE + CORRELATION_LAGS) return NoiseCorrelation.NONE;
		final float[] r = new float[residuals.length];
		for (int i = 0; i < r.length; i++) {
			final double limit = CORRELATION_CLIP * (scale == null ? constantScale : scale[i]);
			r[i] = Math.abs(residuals[i]) <= limit ? residuals[i] : Float.NaN;
		}
		final int lags = CORRELATION_LAGS;
		final double[] normal = new double[4 * 5];
		// the autocovariance at (tx, ty), tx in [-lags, lags], ty in [0, lags]
		for (int ty = 0; ty <= lags; ty++) {
			for (int tx = -lags; tx <= lags; tx++) {
				// lags (tx, 0) and (-tx, 0) are the same measurement: count it once
				if (ty == 0 && tx < 0) continue;
				double sum = 0;
				long count = 0;
				for (int z = 0; z < planes; z++) {
					for (int y = 0; y + ty < h; y++) {
						final int row = (z * h + y) * w, other = (z * h + y + ty) * w;
						for (int x = Math.max(0, -tx); x < w && x + tx < w; x++) {
							final float a = r[row + x], b = r[other + x + tx];
							if (a == a && b == b) {
								sum += a * (double) b;
								count++;
							}
						}
					}
				}
				if (count == 0) continue;
				final double measured = sum / count;
				// the model's columns: C(0), the two horizontal, the two vertical and the four diagonal neighbours
				final double[] column = {
					residualKernel(tx, ty),
					residualKernel(tx - 1, ty) + residualKernel(tx + 1, ty),
					residualKernel(tx, ty - 1) + residualKernel(tx, ty + 1),
					residualKernel(tx - 1, ty - 1) + residualKernel(tx + 1, ty - 1) + residualKernel(tx - 1, ty + 1) +
						residualKernel(tx + 1, ty + 1) };
				for (int i = 0; i < 4; i++) {
					for (int j = 0; j < 4; j++) normal[i * 5 + j] += column[i] * column[j];
					normal[i * 5 + 4] += column[i] * measured;
				}
			}
		}
		final double[] c = solve4(normal);
		if (!(c[0] > 0)) return NoiseCorrelation.NONE;
		final NoiseCorrelation fit = new NoiseCorrelation(c[1] / c[0], c[2] / c[0], c[3] / c[0]);
		final double threshold = Math.max(NoiseCorrelation.NOTABLE, CORRELATION_SIGNIFICANCE * CORRELATION_ERROR / Math.sqrt(r.length));
		return fit.largest() >= threshold ? fit : NoiseCorrelation.NONE;
	}

	/** {@code M(dx, dy) = m(dx) m(dy) / 36}, {@code m = [1 -4 6 -4 1]}: the autocorrelation of {@code L}, over 36. */
	private static double residualKernel(final int dx, final int dy) {
		return autocorrelation1D(dx) * autocorrelation1D(dy) / 36;
	}

	private static double autocorrelation1D(final int d) {
		switch (Math.abs(d)) {
			case 0: return 6;
			case 1: return -4;
			case 2: return 1;
			default: return 0;
		}
	}

	/** Solves the 4 x 4 system of {@code m} (rows of 5: the matrix, then the right-hand side) by Gaussian elimination. */
	private static double[] solve4(final double[] m) {
		final int n = 4;
		for (int i = 0; i < n; i++) {
			int pivot = i;
			for (int k = i + 1; k < n; k++) if (Math.abs(m[k * 5 + i]) > Math.abs(m[pivot * 5 + i])) pivot = k;
			for (int j = 0; j < 5; j++) {
				final double t = m[i * 5 + j];
				m[i * 5 + j] = m[pivot * 5 + j];
				m[pivot * 5 + j] = t;
			}
			for (int k = 0; k < n; k++) {
				if (k == i) continue;
				final double f = m[k * 5 + i] / m[i * 5 + i];
				for (int j = i; j < 5; j++) m[k * 5 + j] -= f * m[i * 5 + j];
			}
		}
		final double[] x = new double[n];
		for (int i = 0; i < n; i++) x[i] = m[i * 5 + 4] / m[i * 5 + i];
		return x;
	}

	/**
	 * Fits the signal-dependent noise model {@code Var[y] = a E[y] + b} (Poisson-Gaussian, offset
	 * already subtracted) to one image, in the spirit of Foi et al. (2008):
	 * <ol>
	 * <li>at every pixel with a full 7 x 7 neighbourhood, the local mean {@code m} (7 x 7 box; uncorrelated
	 * with {@code r} because {@code sum L_ij = 0}) and Immerkaer's residual {@code r};</li>
	 * <li>32 equal-width bins of {@code m} between its 0.1th and 99.9th percentiles; in each bin with at least
	 * 200 pixels, the mean {@code m_k} and the variance {@code v_k} of {@code r}, clipped at 4 robust standard
	 * deviations ({@code median |r| / 0.6745}) and corrected for the clipping;</li>
	 * <li>a weighted least-squares line {@code v_k = a m_k + b}, weights {@code n_k / f_k^2} with the
	 * fitted variance {@code f_k} (iteratively reweighted, since {@code Var v_k ~ f_k^2 / n_k}), after
	 * dropping bins whose standardized residual exceeds 3.5 robust standard deviations;</li>
	 * <li>the noise's neighbour correlation ({@link #correlation}), and {@code a} and {@code b} divided by
	 * its residual variance factor: the per-pixel variance.</li>
	 * </ol>
	 *
	 * @param image the pixels, flat, X fastest; 2D, or 3D (planes pooled)
	 * @param shape the image shape
	 * @throws IllegalArgumentException when the image is too small (fewer than 4096 pixels with a full
	 *           7 x 7 neighbourhood), contains NaN or infinite values, or is too flat (its local means span
	 *           less than 4 noise standard deviations or fewer than 3 well-populated intensity bins), so
	 *           that {@code a} and {@code b} cannot be told apart
	 */
	public static PoissonGaussianFit poissonGaussian(final float[] image, final ImageShape shape) {
		validate(image, shape, MEAN_RADIUS);
		final float[] residual = residuals(image, shape, MEAN_RADIUS);
		final float[] mean = localMeans(image, shape, MEAN_RADIUS);
		final int n = residual.length;
		if (n < MIN_PIXELS) {
			throw new IllegalArgumentException("The image " + shape + " is too small to estimate a Poisson-Gaussian noise model: " +
				"it has " + n + " pixels at least " + MEAN_RADIUS + " pixels from the border, at least " + MIN_PIXELS +
				" are needed (e.g. a 70x70 plane)");
		}
		final float[] sortedMeans = mean.clone();
		Arrays.sort(sortedMeans);
		final double low = sortedMeans[(int) (0.001 * (n - 1))];
		final double high = sortedMeans[(int) Math.ceil(0.999 * (n - 1))];
		final float[] absResidual = new float[n];
		for (int i = 0; i < n; i++) absResidual[i] = Math.abs(residual[i]);
		final float[] scratch = absResidual.clone();
		final double sigma = median(scratch, n) / MAD_NORMAL;
		if (!(high - low > 4 * sigma)) {
			throw new IllegalArgumentException("The image " + shape + " is too flat to estimate a Poisson-Gaussian noise model: " +
				"its local means span " + (float) (high - low) + " (0.1th to 99.9th percentile), less than 4 noise standard deviations (" +
				(float) (4 * sigma) + "), so signal-dependent and constant noise cannot be told apart; use an image with dark and " +
				"bright regions, or estimate a Gaussian sigma instead");
		}
		// bin the pixels by local mean
		final int[] bin = new int[n];
		final int[] count = new int[BINS];
		final double width = (high - low) / BINS;
		for (int i = 0; i < n; i++) {
			final int k = (int) Math.floor((mean[i] - low) / width);
			bin[i] = k >= 0 && k < BINS || mean[i] == high ? Math.min(k, BINS - 1) : -1;
			if (bin[i] >= 0) count[bin[i]]++;
		}
		final float[][] binResiduals = new float[BINS][];
		final double[] binMeanSum = new double[BINS];
		for (int k = 0; k < BINS; k++) binResiduals[k] = new float[count[k]];
		final int[] filled = new int[BINS];
		for (int i = 0; i < n; i++) {
			final int k = bin[i];
			if (k < 0) continue;
			binResiduals[k][filled[k]++] = absResidual[i];
			binMeanSum[k] += mean[i];
		}
		int used = 0;
		final double[] x = new double[BINS], v = new double[BINS], weightBase = new double[BINS];
		for (int k = 0; k < BINS; k++) {
			if (count[k] < MIN_BIN_PIXELS) continue;
			x[used] = binMeanSum[k] / count[k];
			v[used] = clippedVariance(binResiduals[k], count[k]);
			weightBase[used] = count[k];
			used++;
		}
		if (used < MIN_BINS) {
			throw new IllegalArgumentException("The image " + shape + " is too flat to estimate a Poisson-Gaussian noise model: only " +
				used + " intensity bins have at least " + MIN_BIN_PIXELS + " pixels, at least " + MIN_BINS + " are needed");
		}
		final double[] binVariances = Arrays.copyOf(v, used);
		final PoissonGaussianFit line = robustLineFit(Arrays.copyOf(x, used), binVariances, Arrays.copyOf(weightBase, used), shape);
		// the residuals' scale by that line, to leave out outliers from their correlation
		final double floor = varianceFloor(binVariances);
		final float[] scale = new float[n];
		for (int i = 0; i < n; i++) scale[i] = (float) Math.sqrt(Math.max(line.gain() * mean[i] + line.readVariance(), floor));
		final NoiseCorrelation correlation = correlation(residual, scale, 0, shape, MEAN_RADIUS);
		final double factor = correlation.residualVarianceFactor();
		return new PoissonGaussianFit(line.gain() / factor, line.readVariance() / factor, line.binsUsed(), correlation);
	}

	/** Iteratively reweighted line fit {@code v = a x + b} with one round of outlier rejection. */
	private static PoissonGaussianFit robustLineFit(final double[] x, final double[] v, final double[] count, final ImageShape shape) {
		final boolean[] active = new boolean[x.length];
		Arrays.fill(active, true);
		double[] line = reweightedFit(x, v, count, active, shape);
		// standardized residuals t_k = (v_k - f_k) sqrt(n_k) / f_k; robust scale from their median
		final double floor = varianceFloor(v);
		final double[] t = new double[x.length];
		for (int k = 0; k < x.length; k++) {
			final double f = Math.max(line[0] * x[k] + line[1], floor);
			t[k] = Math.abs(v[k] - f) * Math.sqrt(count[k]) / f;
		}
		final double[] sorted = t.clone();
		Arrays.sort(sorted);
		final double scale = 1.4826 * sorted[sorted.length / 2];
		int kept = 0;
		for (int k = 0; k < x.length; k++) {
			active[k] = !(t[k] > OUTLIER_CUT * scale);
			if (active[k]) kept++;
		}
		if (kept >= MIN_BINS && kept < x.length) line = reweightedFit(x, v, count, active, shape);
		else kept = x.length;
		return new PoissonGaussianFit(line[0], line[1], kept, NoiseCorrelation.NONE);
	}

	private static double[] reweightedFit(final double[] x, final double[] v, final double[] count, final boolean[] active,
		final ImageShape shape)
	{
		final double floor = varianceFloor(v);
		final double[] fitted = new double[x.length];
		for (int k = 0; k < x.length; k++) fitted[k] = Math.max(v[k], floor);
		double a = 0, b = 0;
		for (int iteration = 0; iteration < 20; iteration++) {
			double sw = 0, swx = 0, swy = 0, swxx = 0, swxy = 0;
			for (int k = 0; k < x.length; k++) {
				if (!active[k]) continue;
				final double w = count[k] / (fitted[k] * fitted[k]);
				sw += w;
				swx += w * x[k];
				swy += w * v[k];
				swxx += w * x[k] * x[k];
				swxy += w * x[k] * v[k];
			}
			final double det = sw * swxx - swx * swx;
			if (!(det > 1e-12 * sw * swxx)) {
				throw new IllegalArgumentException("The image " + shape + " is too flat to estimate a Poisson-Gaussian noise model: " +
					"the intensity bins do not span a range wide enough to fit a slope");
			}
			final double nextA = (sw * swxy - swx * swy) / det;
			final double nextB = (swy - nextA * swx) / sw;
			final boolean converged = iteration > 0 && Math.abs(nextA - a) <= 1e-9 * Math.abs(nextA) &&
				Math.abs(nextB - b) <= 1e-9 * (Math.abs(nextB) + Math.abs(nextA) * Math.abs(swx / sw));
			a = nextA;
			b = nextB;
			if (converged) break;
			for (int k = 0; k < x.length; k++) fitted[k] = Math.max(a * x[k] + b, floor);
		}
		return new double[] { a, b };
	}

	/**
	 * The variance of zero-mean residuals from their absolute values, robust to a few outliers: the mean
	 * of {@code r^2} over {@code |r| <= 4 s}, {@code s = median |r| / 0.6745}, divided by the fraction of
	 * a Gaussian's variance kept inside {@code +-4 sigma} ({@code 1 - 8 phi(4) / (2 Phi(4) - 1) = 0.99893}).
	 * Nearly as efficient as the plain sample variance for Gaussian data (the median absolute deviation
	 * alone has 37 % efficiency).
	 */
	private static double clippedVariance(final float[] absResiduals, final int n) {
		final double limit = CLIP * median(absResiduals, n) / MAD_NORMAL;
		double sum = 0;
		int kept = 0;
		for (int i = 0; i < n; i++) {
			final double r = absResiduals[i];
			if (r <= limit) {
				sum += r * r;
				kept++;
			}
		}
		return kept == 0 ? 0 : sum / kept / CLIPPED_VARIANCE_FRACTION;
	}

	/** A positive lower bound on fitted variances for the weights: a tenth of the smallest bin variance. */
	private static double varianceFloor(final double[] v) {
		double min = Double.POSITIVE_INFINITY;
		for (final double value : v) if (value > 0) min = Math.min(min, value);
		return Double.isFinite(min) ? 0.1 * min : Double.MIN_NORMAL;
	}

	/** Immerkaer's residual at every pixel at least {@code margin} pixels from the x/y border, planes pooled. */
	private static float[] residuals(final float[] image, final ImageShape shape, final int margin) {
		final int nx = shape.dim(0), ny = shape.dim(1), nz = shape.numDimensions() > 2 ? shape.dim(2) : 1;
		final int w = nx - 2 * margin, h = ny - 2 * margin;
		final float[] out = new float[w * h * nz];
		int o = 0;
		for (int z = 0; z < nz; z++) {
			for (int y = margin; y < ny - margin; y++) {
				for (int x = margin; x < nx - margin; x++) {
					final int c = x + nx * (y + ny * z);
					final double corners = image[c - nx - 1] + image[c - nx + 1] + image[c + nx - 1] + image[c + nx + 1];
					final double edges = image[c - nx] + image[c + nx] + image[c - 1] + image[c + 1];
					out[o++] = (float) ((corners - 2 * edges + 4.0 * image[c]) / 6);
				}
			}
		}
		return out;
	}

	/** The mean over the {@code (2 radius + 1)^2} box around each pixel that is {@code radius} from the border. */
	private static float[] localMeans(final float[] image, final ImageShape shape, final int radius) {
		final int nx = shape.dim(0), ny = shape.dim(1), nz = shape.numDimensions() > 2 ? shape.dim(2) : 1;
		final int w = nx - 2 * radius, h = ny - 2 * radius;
		final float[] out = new float[w * h * nz];
		final double[] integral = new double[(nx + 1) * (ny + 1)];
		final double area = (2 * radius + 1) * (2 * radius + 1);
		int o = 0;
		for (int z = 0; z < nz; z++) {
			for (int y = 0; y < ny; y++) {
				double row = 0;
				for (int x = 0; x < nx; x++) {
					row += image[x + nx * (y + ny * z)];
					integral[(x + 1) + (nx + 1) * (y + 1)] = integral[(x + 1) + (nx + 1) * y] + row;
				}
			}
			for (int y = radius; y < ny - radius; y++) {
				for (int x = radius; x < nx - radius; x++) {
					final int x0 = x - radius, x1 = x + radius + 1, y0 = y - radius, y1 = y + radius + 1;
					final double sum = integral[x1 + (nx + 1) * y1] - integral[x0 + (nx + 1) * y1] - integral[x1 + (nx + 1) * y0] +
						integral[x0 + (nx + 1) * y0];
					out[o++] = (float) (sum / area);
				}
			}
		}
		return out;
	}

	/** Donoho's robust standard deviation of zero-mean residuals, {@code median |r| / 0.6745} (the residuals are not modified). */
	private static double madSigma(final float[] residuals) {
		final float[] absolute = new float[residuals.length];
		for (int i = 0; i < residuals.length; i++) absolute[i] = Math.abs(residuals[i]);
		return median(absolute, absolute.length) / MAD_NORMAL;
	}

	/** The median of {@code values[0, n)}, which are reordered. */
	private static double median(final float[] values, final int n) {
		Arrays.sort(values, 0, n);
		return n % 2 == 1 ? values[n / 2] : 0.5 * (values[n / 2 - 1] + values[n / 2]);
	}

	private static void validate(final float[] image, final ImageShape shape, final int margin) {
		if (image == null || shape == null) throw new IllegalArgumentException("No image or no shape given");
		if (shape.numDimensions() < 2) {
			throw new IllegalArgumentException("Noise estimation needs a 2D image (or a 3D stack of planes), got shape " + shape);
		}
		if (image.length != shape.size()) {
			throw new IllegalArgumentException("The image has " + image.length + " values, its shape " + shape + " needs " + shape.size());
		}
		final int need = 2 * margin + 1;
		if (shape.dim(0) < need || shape.dim(1) < need) {
			throw new IllegalArgumentException("Each plane of the image " + shape + " must be at least " + need + "x" + need +
				" pixels for noise estimation");
		}
		for (int i = 0; i < image.length; i++) {
			if (!Float.isFinite(image[i])) {
				final int nx = shape.dim(0), ny = shape.dim(1);
				throw new IllegalArgumentException("The image contains " + image[i] + " at pixel (x " + i % nx + ", y " + i / nx % ny +
					(shape.numDimensions() > 2 ? ", z " + i / (nx * ny) : "") + "): noise estimation needs finite values; " +
					"replace or crop invalid pixels first");
			}
		}
	}
}
