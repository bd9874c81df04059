package org.almc.core.prior;

import java.util.stream.IntStream;

import org.almc.core.ImageShape;
import org.almc.core.ScoreModel;

/**
 * A mixture of isotropic Gaussians {@code sum_k w_k N(m_k, v_k I)}. Noised by {@code sigma} it stays a
 * mixture, {@code sum_k w_k N(m_k, (v_k + sigma^2) I)}, so its denoiser is exact at every level:
 * {@code D(u) = sum_k r_k(u) D_k(u)} with responsibilities {@code r_k(u)} and component denoisers
 * {@code D_k(u) = m_k + a_k (u - m_k)}, {@code a_k = v_k / (v_k + sigma^2)}. Its Jacobian is also exact:
 * {@code J^T v = (sum_k r_k a_k) v + sum_k r_k (D_k . v) (g_k - sum_j r_j g_j)},
 * {@code g_k = -(u - m_k) / (v_k + sigma^2)}.
 */
public final class GaussianMixturePrior implements ScoreModel {

	private final ImageShape shape;
	private final double[] weights;
	private final float[][] means;
	private final double[] variances;

	public GaussianMixturePrior(final ImageShape shape, final double[] weights, final float[][] means,
		final double[] variances)
	{
		if (weights.length == 0 || weights.length != means.length || weights.length != variances.length) {
			throw new IllegalArgumentException("Need as many weights, means and variances (got " + weights.length + ", " +
				means.length + ", " + variances.length + ")");
		}
		double total = 0;
		for (int k = 0; k < weights.length; k++) {
			if (!(weights[k] > 0)) throw new IllegalArgumentException("Mixture weights must be positive, got " + weights[k]);
			if (!(variances[k] > 0)) throw new IllegalArgumentException("Component variances must be positive, got " + variances[k]);
			if (means[k].length != shape.size()) throw new IllegalArgumentException("Mean " + k + " has " + means[k].length + " values, shape " + shape + " needs " + shape.size());
			total += weights[k];
		}
		this.shape = shape;
		this.weights = new double[weights.length];
		for (int k = 0; k < weights.length; k++) this.weights[k] = weights[k] / total;
		this.means = new float[means.length][];
		for (int k = 0; k < means.length; k++) this.means[k] = means[k].clone();
		this.variances = variances.clone();
	}

	public int components() {
		return weights.length;
	}

	public double weight(final int k) {
		return weights[k];
	}

	public float[] mean(final int k) {
		return means[k].clone();
	}

	public double variance(final int k) {
		return variances[k];
	}

	/** Responsibilities {@code r_k(u)} of the components of the prior noised by {@code sigma}. */
	private double[] responsibilities(final float[] u, final double sigma) {
		final int kCount = weights.length;
		final double[] logr = new double[kCount];
		double max = Double.NEGATIVE_INFINITY;
		for (int k = 0; k < kCount; k++) {
			final double var = variances[k] + sigma * sigma;
			double d2 = 0;
			for (int i = 0; i < u.length; i++) {
				final double d = u[i] - means[k][i];
				d2 += d * d;
			}
			logr[k] = Math.log(weights[k]) - 0.5 * d2 / var - 0.5 * u.length * Math.log(var);
			max = Math.max(max, logr[k]);
		}
		double sum = 0;
		for (int k = 0; k < kCount; k++) {
			logr[k] = Math.exp(logr[k] - max);
			sum += logr[k];
		}
		for (int k = 0; k < kCount; k++) logr[k] /= sum;
		return logr;
	}

	private void checkShape(final ImageShape s) {
		if (!shape.equals(s)) throw new IllegalArgumentException("This mixture prior is for images of " + shape + ", not " + s);
	}

	@Override
	public void denoise(final ImageShape s, final float[][] noisy, final double sigma, final float[][] out) {
		checkShape(s);
		IntStream.range(0, noisy.length).parallel().forEach(c -> {
			final float[] u = noisy[c];
			final double[] r = responsibilities(u, sigma);
			final double[] acc = new double[u.length];
			for (int k = 0; k < r.length; k++) {
				final double a = variances[k] / (variances[k] + sigma * sigma);
				for (int i = 0; i < u.length; i++) acc[i] += r[k] * (means[k][i] + a * (u[i] - means[k][i]));
			}
			for (int i = 0; i < u.length; i++) out[c][i] = (float) acc[i];
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
		IntStream.range(0, noisy.length).parallel().forEach(c -> {
			final float[] u = noisy[c], vc = v[c];
			final int n = u.length;
			final double[] r = responsibilities(u, sigma);
			final int kCount = r.length;
			double diag = 0;
			final double[] dv = new double[kCount];
			final double[][] g = new double[kCount][n];
			final double[] gMean = new double[n];
			for (int k = 0; k < kCount; k++) {
				final double var = variances[k] + sigma * sigma;
				final double a = variances[k] / var;
				diag += r[k] * a;
				double dot = 0;
				for (int i = 0; i < n; i++) {
					dot += (means[k][i] + a * (u[i] - means[k][i])) * vc[i];
					g[k][i] = -(u[i] - means[k][i]) / var;
					gMean[i] += r[k] * g[k][i];
				}
				dv[k] = dot;
			}
			for (int i = 0; i < n; i++) {
				double acc = diag * vc[i];
				for (int k = 0; k < kCount; k++) acc += r[k] * dv[k] * (g[k][i] - gMean[i]);
				out[c][i] = (float) acc;
			}
		});
	}
}
