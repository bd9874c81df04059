package org.almc.bench;

import org.almc.core.ImageShape;
import org.almc.core.noise.NoiseEstimator;

/**
 * Quality metrics of a restoration against the ground truth, and of a posterior's uncertainty.
 * Images are flat, X fastest; all metrics are in the truth's units.
 */
public final class ImageQuality {

	/** SSIM constants of Wang et al. (2004): {@code K1 = 0.01}, {@code K2 = 0.03}, an 11 x 11 window of sigma 1.5. */
	static final double SSIM_K1 = 0.01, SSIM_K2 = 0.03, SSIM_WINDOW_SIGMA = 1.5;
	static final int SSIM_WINDOW_RADIUS = 5;

	private ImageQuality() {}

	/** {@code max(truth) - min(truth)}: the data range used by PSNR and SSIM. */
	public static double dataRange(final float[] truth) {
		float lo = Float.POSITIVE_INFINITY, hi = Float.NEGATIVE_INFINITY;
		for (final float v : truth) {
			lo = Math.min(lo, v);
			hi = Math.max(hi, v);
		}
		return hi - lo;
	}

	public static double meanSquaredError(final float[] truth, final float[] estimate) {
		checkSizes(truth, estimate);
		double s = 0;
		for (int i = 0; i < truth.length; i++) {
			final double d = estimate[i] - (double) truth[i];
			s += d * d;
		}
		return s / truth.length;
	}

	/**
	 * The noise a real image used as a truth carries from its own acquisition, and what it costs every
	 * estimate scored against it.
	 *
	 * @param line the noise variance's line over the intensity, {@code Var = gain t + readVariance} (gain 0 for white noise)
	 * @param rms the root mean square over the pixels of the noise's standard deviation, in the truth's units
	 * @param range the truth's {@link #dataRange data range}
	 */
	public record TruthNoise(NoiseEstimator.VarianceLine line, double rms, double range) {

		/** The noise variance at intensity {@code t} (at least 0). */
		public double variance(final double t) {
			return line.variance(t);
		}

		/**
		 * The PSNR against this truth of its noise-free image ({@code 10 log10(range^2 / rms^2)}; infinite for a
		 * noise-free truth): an estimate that removes the truth's noise along with the measurement's scores at most this,
		 * however good it is; one that keeps part of the noise (which a measurement simulated from the truth
		 * carries) can score above it.
		 */
		public double noiseFreePsnr() {
			return rms > 0 ? 10 * Math.log10(range * range / (rms * rms)) : Double.POSITIVE_INFINITY;
		}
	}

	/**
	 * The truth's own noise ({@link TruthNoise}), measured as training measures its images' ({@link
	 * NoiseEstimator#ownNoise}): the Poisson-Gaussian line {@code a t + b} (at least 0) averaged over the pixels
	 * where it grows with the signal and is positive at half the peak; else, and where the truth is too small or
	 * too flat for the fit (e.g. a noise-free phantom), white noise of {@link NoiseEstimator#gaussianSigma}.
	 */
	public static TruthNoise truthNoise(final float[] truth, final int width, final int height) {
		final NoiseEstimator.VarianceLine line = NoiseEstimator.ownNoise(truth, new ImageShape(width, height), TRUTH_MID_RANGE);
		double variance = 0;
		for (final float t : truth) variance += line.variance(t);
		return new TruthNoise(line, Math.sqrt(variance / truth.length), dataRange(truth));
	}

	/** The relative intensity where a truth's camera line must give a positive variance to be taken ({@link NoiseEstimator#ownNoise}). */
	private static final double TRUTH_MID_RANGE = 0.5;

	/**
	 * {@link #coverage90(float[], float[], float[], float[])} of the interval widened by the truth's own noise,
	 * {@code mean +- 1.645 sqrt(std^2 + e^2 + Var_truth(t))}: where the truth is a noise-free image plus that noise, a
	 * posterior calibrated for the noise-free image covers 90% of the truth, as long as its mean keeps none of the
	 * truth's noise. A measurement simulated from the truth carries that noise (blurred, or whole where there is no
	 * blur), and a mean that keeps part of it lies closer to the truth: then this overstates the coverage, and the
	 * plain {@link #coverage90(float[], float[], float[], float[])} understates it.
	 */
	public static double coverage90GivenTruthNoise(final float[] truth, final float[] mean, final float[] std, final float[] error,
		final TruthNoise noise)
	{
		final float[] widened = new float[error.length];
		for (int i = 0; i < widened.length; i++) widened[i] = (float) Math.sqrt(error[i] * (double) error[i] + noise.variance(truth[i]));
		return coverage90(truth, mean, std, widened);
	}

	/** {@code 10 log10(range^2 / MSE)} with the truth's range; infinite for identical images. */
	public static double psnr(final float[] truth, final float[] estimate) {
		final double range = dataRange(truth);
		return 10 * Math.log10(range * range / meanSquaredError(truth, estimate));
	}

	/**
	 * The PSNR the mean of infinitely many chains would have, estimated from the Monte Carlo standard
	 * error of a few chains' mean ({@link org.almc.core.sampler.PosteriorSamples#meanStandardError()}): the
	 * mean's squared error is {@code |m - x|^2 + |e|^2} on average ({@code m} the posterior mean, {@code e}
	 * the per-pixel standard error), so {@code MSE_inf ≈ MSE - mean(e^2)} (floored at 1% of {@code MSE}).
	 * Meaningful for chains that sample the posterior; it separates a sampler's bias from the variance of
	 * a few-chain average. For {@code n} independent chains {@code e = S / sqrt(n)}, {@code S} the posterior std.
	 */
	public static double psnrInfiniteChains(final float[] truth, final float[] mean, final float[] standardError) {
		checkSizes(truth, standardError);
		final double mse = meanSquaredError(truth, mean);
		double variance = 0;
		for (final float s : standardError) variance += s * (double) s;
		variance /= standardError.length;
		final double range = dataRange(truth);
		return 10 * Math.log10(range * range / Math.max(mse - variance, 0.01 * mse));
	}

	/**
	 * Mean structural similarity (Wang et al. 2004): 11 x 11 Gaussian window of sigma 1.5, {@code K1 = 0.01},
	 * {@code K2 = 0.03}, {@code L} the truth's range, averaged over the window positions that lie inside the
	 * image (no padding).
	 */
	public static double ssim(final float[] truth, final float[] estimate, final int width, final int height) {
		checkSizes(truth, estimate);
		if (truth.length != width * height) throw new IllegalArgumentException(truth.length + " pixels for a " + width + "x" + height + " image");
		final int r = SSIM_WINDOW_RADIUS;
		if (width <= 2 * r || height <= 2 * r) throw new IllegalArgumentException("SSIM needs an image larger than 11 x 11, got " + width + "x" + height);
		final double range = dataRange(truth);
		final double c1 = Math.pow(SSIM_K1 * range, 2), c2 = Math.pow(SSIM_K2 * range, 2);
		final double[] w = new double[2 * r + 1];
		double sum = 0;
		for (int k = -r; k <= r; k++) sum += w[k + r] = Math.exp(-k * k / (2 * SSIM_WINDOW_SIGMA * SSIM_WINDOW_SIGMA));
		for (int k = 0; k < w.length; k++) w[k] /= sum;
		final int n = truth.length;
		final double[] x = new double[n], y = new double[n], xx = new double[n], yy = new double[n], xy = new double[n];
		for (int i = 0; i < n; i++) {
			x[i] = truth[i];
			y[i] = estimate[i];
			xx[i] = x[i] * x[i];
			yy[i] = y[i] * y[i];
			xy[i] = x[i] * y[i];
		}
		final double[][] filtered = { x, y, xx, yy, xy };
		for (int f = 0; f < filtered.length; f++) filtered[f] = validFilter(filtered[f], width, height, w);
		final double[] mx = filtered[0], my = filtered[1], sxx = filtered[2], syy = filtered[3], sxy = filtered[4];
		double total = 0;
		for (int i = 0; i < mx.length; i++) {
			final double vx = sxx[i] - mx[i] * mx[i], vy = syy[i] - my[i] * my[i], cxy = sxy[i] - mx[i] * my[i];
			total += (2 * mx[i] * my[i] + c1) * (2 * cxy + c2) / ((mx[i] * mx[i] + my[i] * my[i] + c1) * (vx + vy + c2));
		}
		return total / mx.length;
	}

	/** Separable filtering keeping only positions where the window lies inside the image. */
	private static double[] validFilter(final double[] v, final int width, final int height, final double[] w) {
		final int r = (w.length - 1) / 2, ow = width - 2 * r, oh = height - 2 * r;
		final double[] rows = new double[ow * height];
		for (int y = 0; y < height; y++) {
			for (int x = 0; x < ow; x++) {
				double s = 0;
				for (int k = 0; k < w.length; k++) s += w[k] * v[x + k + width * y];
				rows[x + ow * y] = s;
			}
		}
		final double[] out = new double[ow * oh];
		for (int y = 0; y < oh; y++) {
			for (int x = 0; x < ow; x++) {
				double s = 0;
				for (int k = 0; k < w.length; k++) s += w[k] * rows[x + ow * (y + k)];
				out[x + ow * y] = s;
			}
		}
		return out;
	}

	/**
	 * The fraction of pixels whose truth lies in {@code mean +- 1.645 sqrt(std^2 + error^2)}: the central
	 * 90% Gaussian interval of a posterior whose standard deviation {@code std} is known (not a sample
	 * standard deviation of a few draws), widened by {@code error}, the Monte Carlo error of {@code mean}.
	 * For the clean-estimate readout, whose variance pools chains, settling steps and probes.
	 */
	public static double coverage90(final float[] truth, final float[] mean, final float[] std, final float[] error) {
		checkSizes(truth, mean);
		checkSizes(truth, std);
		checkSizes(truth, error);
		int inside = 0;
		for (int i = 0; i < truth.length; i++) if (inInterval90(truth[i], mean[i], std[i], error[i])) inside++;
		return inside / (double) truth.length;
	}

	/** Whether {@code truth} lies in {@code mean +- 1.645 sqrt(std^2 + error^2)}, the interval of {@link #coverage90(float[], float[], float[], float[])}. */
	static boolean inInterval90(final double truth, final double mean, final double std, final double error) {
		return Math.abs(truth - mean) <= Z_95 * Math.sqrt(std * std + error * error);
	}

	/** The standard normal's 95th percentile. */
	static final double Z_95 = 1.6448536269514722;

	/**
	 * The fraction of pixels whose truth lies in the central 90% Gaussian predictive interval of the
	 * samples, {@code mean +- t_{0.95, n-1} sqrt(1 + 1/n) std} ({@code n} samples, {@code std} with
	 * denominator {@code n - 1}). For samples that are exact draws from a Gaussian posterior from which the
	 * truth is also a draw, this interval covers the truth with probability exactly 0.90 for every
	 * {@code n >= 2}; {@code mean +- 1.645 std} would cover less with few samples (about 0.76 for 4).
	 *
	 * @param chains the number of samples {@code n} behind {@code mean} and {@code std}, at least 2
	 */
	public static double coverage90(final float[] truth, final float[] mean, final float[] std, final int chains) {
		checkSizes(truth, mean);
		checkSizes(truth, std);
		final double half = predictiveFactor90(chains);
		int inside = 0;
		for (int i = 0; i < truth.length; i++) {
			if (Math.abs(truth[i] - (double) mean[i]) <= half * std[i]) inside++;
		}
		return inside / (double) truth.length;
	}

	/** {@code t_{0.95, n-1} sqrt(1 + 1/n)}: the half-width of the 90% predictive interval in units of the sample std. */
	public static double predictiveFactor90(final int chains) {
		if (chains < 2) throw new IllegalArgumentException("A credible interval needs at least 2 samples, got " + chains);
		return studentTQuantile(0.95, chains - 1) * Math.sqrt(1 + 1.0 / chains);
	}

	/**
	 * The fraction of pixels whose truth lies between the empirical 5% and 95% quantiles of the samples
	 * (interpolated order statistics); meaningful only with many samples (its expected coverage for exact
	 * samples is about {@code 0.9 (n - 1) / (n + 1)}).
	 */
	public static double empiricalCoverage90(final float[] truth, final float[] q05, final float[] q95) {
		checkSizes(truth, q05);
		checkSizes(truth, q95);
		int inside = 0;
		for (int i = 0; i < truth.length; i++) {
			if (truth[i] >= q05[i] && truth[i] <= q95[i]) inside++;
		}
		return inside / (double) truth.length;
	}

	/** Pearson correlation of the predicted standard deviation with the actual error {@code |mean - truth|}. */
	public static double stdErrorCorrelation(final float[] truth, final float[] mean, final float[] std) {
		final float[] error = new float[truth.length];
		for (int i = 0; i < error.length; i++) error[i] = Math.abs(mean[i] - truth[i]);
		return correlation(std, error);
	}

	/** Pearson correlation; NaN when either image is constant. */
	public static double correlation(final float[] a, final float[] b) {
		checkSizes(a, b);
		double ma = 0, mb = 0;
		for (int i = 0; i < a.length; i++) {
			ma += a[i];
			mb += b[i];
		}
		ma /= a.length;
		mb /= b.length;
		double ab = 0, aa = 0, bb = 0;
		for (int i = 0; i < a.length; i++) {
			ab += (a[i] - ma) * (b[i] - mb);
			aa += (a[i] - ma) * (a[i] - ma);
			bb += (b[i] - mb) * (b[i] - mb);
		}
		return aa > 0 && bb > 0 ? ab / Math.sqrt(aa * bb) : Double.NaN;
	}

	/**
	 * The quantile of Student's t distribution with {@code df} degrees of freedom, by bisection on its
	 * CDF; the CDF is the integral of the density from 0, by composite Simpson's rule in the variable
	 * {@code u = atan(t)} (so the heavy tail is a finite interval).
	 */
	public static double studentTQuantile(final double p, final int df) {
		if (!(p > 0.5 && p < 1)) throw new IllegalArgumentException("Need 0.5 < p < 1, got " + p);
		if (df < 1) throw new IllegalArgumentException("Degrees of freedom must be >= 1, got " + df);
		double lo = 0, hi = 1;
		while (studentTCdf(hi, df) < p) hi *= 2;
		for (int i = 0; i < 60; i++) {
			final double mid = 0.5 * (lo + hi);
			if (studentTCdf(mid, df) < p) lo = mid;
			else hi = mid;
		}
		return 0.5 * (lo + hi);
	}

	static double studentTCdf(final double t, final int df) {
		final double logNorm = logGamma((df + 1) / 2.0) - logGamma(df / 2.0) - 0.5 * Math.log(df * Math.PI);
		final double end = Math.atan(t);
		final int steps = 2000;
		final double h = end / steps;
		double sum = 0;
		for (int i = 0; i <= steps; i++) {
			final double u = i * h, x = Math.tan(u);
			final double f = Math.exp(logNorm - (df + 1) / 2.0 * Math.log1p(x * x / df)) * (1 + x * x);
			sum += (i == 0 || i == steps ? 1 : i % 2 == 1 ? 4 : 2) * f;
		}
		return 0.5 + sum * h / 3;
	}

	/** Lanczos approximation (g = 7, 9 terms), accurate to about 1e-15 for positive arguments. */
	static double logGamma(final double x) {
		final double[] c = { 0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
			-176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7 };
		if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
		final double z = x - 1;
		double a = c[0];
		final double t = z + 7.5;
		for (int i = 1; i < 9; i++) a += c[i] / (z + i);
		return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
	}

	private static void checkSizes(final float[] a, final float[] b) {
		if (a.length != b.length) throw new IllegalArgumentException("Images differ in size: " + a.length + " and " + b.length + " pixels");
	}
}
