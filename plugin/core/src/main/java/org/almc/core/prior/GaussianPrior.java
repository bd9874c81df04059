package org.almc.core.prior;

import java.util.stream.IntStream;

import org.almc.core.ImageShape;
import org.almc.core.ScoreModel;
import org.almc.core.util.Fft;

/**
 * A Gaussian prior {@code N(m, C)} with diagonal or circulant (stationary, periodic) covariance. Its
 * denoiser is exact at every noise level, {@code D(u, sigma) = m + C (C + sigma^2 I)^-1 (u - m)}, and
 * so is the Jacobian {@code C (C + sigma^2 I)^-1} (symmetric). A test oracle and a usable prior.
 */
public final class GaussianPrior implements ScoreModel {

	private final ImageShape shape;
	private final float[] mean;
	/** Per-pixel variances (diagonal covariance), or null. */
	private final float[] variances;
	/** Eigenvalues of a circulant covariance in {@link Fft} order, or null. */
	private final float[] spectrum;
	private final ThreadLocal<Fft> plans;

	private GaussianPrior(final ImageShape shape, final float[] mean, final float[] variances, final float[] spectrum) {
		if (mean.length != shape.size()) throw new IllegalArgumentException("Mean has " + mean.length + " values, shape " + shape + " needs " + shape.size());
		final float[] eig = variances != null ? variances : spectrum;
		if (eig.length != shape.size()) throw new IllegalArgumentException("Covariance has " + eig.length + " eigenvalues, shape " + shape + " needs " + shape.size());
		for (final float v : eig) {
			if (!(v > 0)) throw new IllegalArgumentException("Covariance eigenvalues must be positive, found " + v);
		}
		this.shape = shape;
		this.mean = mean.clone();
		this.variances = variances == null ? null : variances.clone();
		this.spectrum = spectrum == null ? null : spectrum.clone();
		this.plans = ThreadLocal.withInitial(() -> new Fft(shape));
	}

	/** {@code N(mean, diag(variances))}. */
	public static GaussianPrior diagonal(final ImageShape shape, final float[] mean, final float[] variances) {
		return new GaussianPrior(shape, mean, variances, null);
	}

	/** {@code N(mean, C)} with {@code C} circulant with the given eigenvalues ({@link Fft} order). */
	public static GaussianPrior circulant(final ImageShape shape, final float[] mean, final float[] spectrum) {
		return new GaussianPrior(shape, mean, null, spectrum);
	}

	/**
	 * A stationary, periodic prior with constant mean, a Gaussian correlation
	 * {@code variance exp(-r^2 / (2 length^2))} ({@code r} the periodic distance) and a white nugget
	 * {@code nugget * variance} that keeps {@code C} well conditioned.
	 */
	public static GaussianPrior stationary(final ImageShape shape, final float meanValue, final double variance,
		final double correlationLength, final double nugget)
	{
		final int n = shape.size();
		final float[] column = new float[n];
		final int[] pos = new int[shape.numDimensions()];
		for (int i = 0; i < n; i++) {
			int rest = i;
			double r2 = 0;
			for (int d = 0; d < shape.numDimensions(); d++) {
				pos[d] = rest % shape.dim(d);
				rest /= shape.dim(d);
				final int dist = Math.min(pos[d], shape.dim(d) - pos[d]);
				r2 += (double) dist * dist;
			}
			column[i] = (float) (variance * Math.exp(-r2 / (2 * correlationLength * correlationLength)));
		}
		final float[] eig = new Fft(shape).realSpectrum(column);
		for (int i = 0; i < n; i++) eig[i] = (float) (Math.max(eig[i], 0) + nugget * variance);
		final float[] mean = new float[n];
		java.util.Arrays.fill(mean, meanValue);
		return circulant(shape, mean, eig);
	}

	public ImageShape shape() {
		return shape;
	}

	public float[] mean() {
		return mean.clone();
	}

	/** {@code out = f(C) v} for a function {@code f} of the covariance eigenvalues. */
	private void applySpectralFunction(final float[] v, final float[] out, final java.util.function.DoubleUnaryOperator f) {
		if (variances != null) {
			for (int i = 0; i < v.length; i++) out[i] = (float) (f.applyAsDouble(variances[i]) * v[i]);
			return;
		}
		final Fft fft = plans.get();
		final float[] c = fft.newComplexBuffer();
		Fft.toComplex(v, c);
		fft.forward(c);
		for (int i = 0; i < spectrum.length; i++) {
			final float g = (float) f.applyAsDouble(spectrum[i]);
			c[2 * i] *= g;
			c[2 * i + 1] *= g;
		}
		fft.inverse(c);
		Fft.realPart(c, out);
	}

	/** {@code out = C v}. */
	public void applyCovariance(final float[] v, final float[] out) {
		applySpectralFunction(v, out, lambda -> lambda);
	}

	/** The covariance as a dense matrix (for small test problems). */
	public double[][] covarianceMatrix() {
		final int n = shape.size();
		final double[][] c = new double[n][n];
		final float[] e = new float[n];
		final float[] col = new float[n];
		for (int j = 0; j < n; j++) {
			e[j] = 1;
			applyCovariance(e, col);
			e[j] = 0;
			for (int i = 0; i < n; i++) c[i][j] = col[i];
		}
		return c;
	}

	private void checkShape(final ImageShape s) {
		if (!shape.equals(s)) throw new IllegalArgumentException("This Gaussian prior is for images of " + shape + ", not " + s);
	}

	@Override
	public void denoise(final ImageShape s, final float[][] noisy, final double sigma, final float[][] out) {
		checkShape(s);
		final double s2 = sigma * sigma;
		IntStream.range(0, noisy.length).parallel().forEach(c -> {
			final float[] centred = new float[mean.length];
			for (int i = 0; i < mean.length; i++) centred[i] = noisy[c][i] - mean[i];
			applySpectralFunction(centred, out[c], lambda -> lambda / (lambda + s2));
			for (int i = 0; i < mean.length; i++) out[c][i] += mean[i];
		});
	}

	@Override
	public boolean supportsVectorJacobianProduct() {
		return true;
	}

	@Override
	public void denoiseVectorJacobianProduct(final ImageShape s, final float[][] noisy, final double sigma,
		final float[][] v, final float[][] out)
	{
		checkShape(s);
		final double s2 = sigma * sigma;
		IntStream.range(0, noisy.length).parallel().forEach(c -> applySpectralFunction(v[c], out[c], lambda -> lambda / (lambda + s2)));
	}
}
