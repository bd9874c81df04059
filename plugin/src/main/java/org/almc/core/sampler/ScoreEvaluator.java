package org.almc.core.sampler;

import org.almc.core.ImageShape;
import org.almc.core.NoiseLevels;
import org.almc.core.ScoreModel;

/**
 * Turns a {@link ScoreModel}'s denoiser into the Ornstein-Uhlenbeck score
 * {@code s(x, t) = e^t (D(e^t x, sigma) - e^t x) / sigma^2}, {@code sigma = sigma(t)}, for a batch of
 * chains, reusing its buffers, and counts network evaluations.
 */
final class ScoreEvaluator {

	private final ScoreModel model;
	private final ImageShape shape;
	private final float[][] scaled;
	private final float[][] denoised;
	private long evaluations;

	ScoreEvaluator(final ScoreModel model, final ImageShape shape, final int chains) {
		this.model = model;
		this.shape = shape;
		this.scaled = new float[chains][shape.size()];
		this.denoised = new float[chains][shape.size()];
	}

	/** {@code out[c] = s(x[c], t)}. */
	void score(final float[][] x, final double t, final float[][] out) {
		final double sigma = NoiseLevels.sigma(t);
		final float scale = (float) Math.exp(t);
		denoiseScaled(x, scale, sigma);
		final float factor = (float) (Math.exp(t) / (sigma * sigma));
		for (int c = 0; c < x.length; c++) {
			final float[] u = scaled[c], d = denoised[c], o = out[c];
			for (int i = 0; i < u.length; i++) o[i] = factor * (d[i] - u[i]);
		}
	}

	/**
	 * Tweedie's estimate of the clean image, {@code E[X0 | X_t = x] = D(e^t x, sigma(t))}, equal to
	 * {@code e^t (x + (1 - e^{-2t}) s(x, t))}.
	 */
	void cleanEstimate(final float[][] x, final double t, final float[][] out) {
		denoiseScaled(x, (float) Math.exp(t), NoiseLevels.sigma(t));
		for (int c = 0; c < x.length; c++) System.arraycopy(denoised[c], 0, out[c], 0, shape.size());
	}

	private void denoiseScaled(final float[][] x, final float scale, final double sigma) {
		for (int c = 0; c < x.length; c++) {
			final float[] u = scaled[c], xc = x[c];
			for (int i = 0; i < u.length; i++) u[i] = scale * xc[i];
		}
		model.denoise(shape, scaled, sigma, denoised);
		evaluations++;
	}

	/** Batched network calls so far (= evaluations per chain). */
	long evaluations() {
		return evaluations;
	}
}
