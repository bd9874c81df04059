package org.almc.bench;

import java.util.Arrays;
import java.util.function.ToDoubleFunction;

import org.almc.core.ImageShape;
import org.almc.core.operator.ForwardOperator;
import org.almc.core.util.Fft;
import org.almc.core.util.Reflection;

/**
 * The classical restorations Fiji users run today, and their oracle tuning: each is given the setting
 * that maximizes a score against the ground truth (PSNR in the benchmark), which no real user can do,
 * so the baselines are as strong as they can be. 2D images, flat, X fastest.
 */
public final class ClassicalRestoration {

	private ClassicalRestoration() {}

	/** A restoration with the setting that produced it and its score. */
	public record Tuned(String method, String setting, double parameter, float[] image, double score) {}

	/** Gaussian filter with half-sample mirror boundaries, truncated at 4 sigma; sigma 0 returns a copy. */
	public static float[] gaussianFilter(final float[] image, final int width, final int height, final double sigma) {
		if (!(sigma >= 0)) throw new IllegalArgumentException("Gaussian sigma must be >= 0, got " + sigma);
		if (sigma == 0) return image.clone();
		final int r = Math.max(1, (int) Math.ceil(4 * sigma));
		final double[] w = new double[2 * r + 1];
		double sum = 0;
		for (int k = -r; k <= r; k++) sum += w[k + r] = Math.exp(-k * k / (2 * sigma * sigma));
		for (int k = 0; k < w.length; k++) w[k] /= sum;
		final float[] rows = new float[image.length];
		for (int y = 0; y < height; y++) {
			for (int x = 0; x < width; x++) {
				double s = 0;
				for (int k = -r; k <= r; k++) s += w[k + r] * image[Reflection.halfSample(x + k, width) + width * y];
				rows[x + width * y] = (float) s;
			}
		}
		final float[] out = new float[image.length];
		for (int y = 0; y < height; y++) {
			for (int x = 0; x < width; x++) {
				double s = 0;
				for (int k = -r; k <= r; k++) s += w[k + r] * rows[x + width * Reflection.halfSample(y + k, height)];
				out[x + width * y] = (float) s;
			}
		}
		return out;
	}

	/** The Gaussian filter whose sigma (from {@code sigmas}) scores best. */
	public static Tuned bestGaussian(final float[] data, final int width, final int height, final double[] sigmas,
		final ToDoubleFunction<float[]> score)
	{
		Tuned best = null;
		for (final double s : sigmas) {
			final float[] f = gaussianFilter(data, width, height, s);
			final double q = score.applyAsDouble(f);
			if (best == null || q > best.score()) best = new Tuned("gaussian", "sigma=" + s + " px", s, f, q);
		}
		return best;
	}

	/**
	 * Richardson-Lucy deconvolution, {@code x <- x A^T(y / A x) / A^T 1}, started from the constant image
	 * of the data's mean; negative data (read noise) are clipped to 0 and the ratio is guarded by a small
	 * floor. Every iterate is scored; the best is returned (the oracle's stopping rule).
	 *
	 * @param operator the blur {@code A} (non-negative PSF)
	 * @param maxIterations iterations to run, at least 1
	 */
	public static Tuned bestRichardsonLucy(final ForwardOperator operator, final float[] data, final int maxIterations,
		final ToDoubleFunction<float[]> score)
	{
		if (maxIterations < 1) throw new IllegalArgumentException("Richardson-Lucy needs at least 1 iteration, got " + maxIterations);
		final int n = operator.inputShape().size(), m = operator.outputShape().size();
		final float[] y = new float[m];
		double mean = 0;
		for (int i = 0; i < m; i++) {
			y[i] = Math.max(0, data[i]);
			mean += y[i];
		}
		mean = Math.max(mean / m, 1e-6);
		final float[] ones = new float[m];
		Arrays.fill(ones, 1f);
		final float[] norm = new float[n];
		operator.adjoint(ones, norm);
		final float floor = (float) (1e-6 * mean);
		final float[] x = new float[n];
		Arrays.fill(x, (float) mean);
		final float[] ax = new float[m], ratio = new float[m], back = new float[n];
		Tuned best = null;
		for (int k = 1; k <= maxIterations; k++) {
			operator.apply(x, ax);
			for (int i = 0; i < m; i++) ratio[i] = y[i] / Math.max(ax[i], floor);
			operator.adjoint(ratio, back);
			for (int i = 0; i < n; i++) x[i] *= back[i] / Math.max(norm[i], 1e-12f);
			final double q = score.applyAsDouble(x);
			if (best == null || q > best.score()) best = new Tuned("richardson-lucy", k + " iterations", k, x.clone(), q);
		}
		return best;
	}

	/**
	 * Tikhonov (Wiener-type) restoration with a gradient penalty,
	 * {@code argmin_x |k * x - y|^2 + lambda |grad x|^2}, solved in Fourier space on the image's
	 * half-sample mirror extension (2W x 2H), which for a symmetric PSF is the same as mirror boundaries:
	 * {@code X = conj(K) Y / (|K|^2 + lambda |L|^2)}, {@code |L|^2 = 4 sin^2(pi u / 2W) + 4 sin^2(pi v / 2H)}.
	 *
	 * @param psf odd-sized PSF (centre at the middle pixel), or null for no blur (pure smoothing)
	 */
	public static float[] tikhonovMirror(final float[] image, final int width, final int height, final float[] psf,
		final ImageShape psfShape, final double lambda)
	{
		final int ew = 2 * width, eh = 2 * height;
		final float[] extended = new float[ew * eh];
		for (int y = 0; y < eh; y++) {
			for (int x = 0; x < ew; x++) extended[x + ew * y] = image[Reflection.halfSample(x, width) + width * Reflection.halfSample(y, height)];
		}
		final float[] restored = tikhonovPeriodic(extended, ew, eh, psf, psfShape, lambda);
		final float[] out = new float[width * height];
		for (int y = 0; y < height; y++) System.arraycopy(restored, ew * y, out, width * y, width);
		return out;
	}

	/**
	 * The same on a periodic image: {@code X = conj(K) Y / (|K|^2 + lambda |L|^2)} with the PSF wrapped
	 * around pixel (0, 0). With {@code lambda -> 0} it inverts a periodic blur whose spectrum has no zeros.
	 */
	public static float[] tikhonovPeriodic(final float[] image, final int width, final int height, final float[] psf,
		final ImageShape psfShape, final double lambda)
	{
		if (!(lambda >= 0)) throw new IllegalArgumentException("Tikhonov lambda must be >= 0, got " + lambda);
		final Fft fft = new Fft(new ImageShape(width, height));
		final float[] spectrum = fft.newComplexBuffer();
		Fft.toComplex(image, spectrum);
		fft.forward(spectrum);
		float[] kernel = null;
		if (psf != null) {
			final int pw = psfShape.dim(0), ph = psfShape.dim(1);
			if (pw > width || ph > height) throw new IllegalArgumentException("PSF " + psfShape + " is larger than the image " + width + "x" + height);
			kernel = fft.newComplexBuffer();
			for (int j = 0; j < ph; j++) {
				for (int i = 0; i < pw; i++) {
					final int x = Math.floorMod(i - (pw - 1) / 2, width), y = Math.floorMod(j - (ph - 1) / 2, height);
					kernel[2 * (x + width * y)] += psf[i + pw * j];
				}
			}
			fft.forward(kernel);
		}
		for (int v = 0; v < height; v++) {
			final double sv = Math.sin(Math.PI * v / height);
			for (int u = 0; u < width; u++) {
				final double su = Math.sin(Math.PI * u / width);
				final double penalty = lambda * (4 * su * su + 4 * sv * sv);
				final int q = 2 * (u + width * v);
				final double kr = kernel == null ? 1 : kernel[q], ki = kernel == null ? 0 : kernel[q + 1];
				final double yr = spectrum[q], yi = spectrum[q + 1];
				final double denominator = kr * kr + ki * ki + penalty;
				// conj(K) Y = (kr - i ki)(yr + i yi)
				final double nr = kr * yr + ki * yi, ni = kr * yi - ki * yr;
				spectrum[q] = denominator > 0 ? (float) (nr / denominator) : 0f;
				spectrum[q + 1] = denominator > 0 ? (float) (ni / denominator) : 0f;
			}
		}
		fft.inverse(spectrum);
		final float[] out = new float[width * height];
		Fft.realPart(spectrum, out);
		return out;
	}

	/** The Tikhonov restoration whose {@code lambda} (from {@code lambdas}) scores best. */
	public static Tuned bestTikhonov(final float[] data, final int width, final int height, final float[] psf,
		final ImageShape psfShape, final double[] lambdas, final ToDoubleFunction<float[]> score)
	{
		Tuned best = null;
		for (final double l : lambdas) {
			final float[] f = tikhonovMirror(data, width, height, psf, psfShape, l);
			final double q = score.applyAsDouble(f);
			if (best == null || q > best.score()) best = new Tuned("wiener-tikhonov", String.format(java.util.Locale.ROOT, "lambda=%.3g", l), l, f, q);
		}
		return best;
	}

	/** {@code count} values log-spaced from {@code from} to {@code to}. */
	public static double[] logSpaced(final double from, final double to, final int count) {
		final double[] v = new double[count];
		for (int i = 0; i < count; i++) v[i] = from * Math.pow(to / from, count == 1 ? 0 : i / (double) (count - 1));
		return v;
	}
}
