package org.almc.core.sampler;

import java.util.SplittableRandom;

import org.almc.core.ImageShape;
import org.almc.core.NoiseLevels;
import org.almc.core.ScoreModel;
import org.almc.core.util.PlaneSymmetries;

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
	private double lastSigma = Double.NaN;
	private float[][] probeBase, probeDenoised;
	private final PlaneSymmetries symmetries;
	private final int[] group;
	private final int[] transform;
	private final float[][] transformedIn, transformedOut;

	ScoreEvaluator(final ScoreModel model, final ImageShape shape, final int chains) {
		this(model, shape, chains, false, false);
	}

	/**
	 * @param symmetrize whether each network evaluation sees every chain's image under one of the plane's
	 *          symmetries ({@link PlaneSymmetries}), a different one at each evaluation, and its answer is
	 *          turned back: for a prior that has these symmetries the denoiser is the same, while the
	 *          network's errors that depend on the orientation average out over the steps and chains
	 * @param pairs whether chains {@code 2k} and {@code 2k + 1} are antithetic pairs, which then see the same
	 *          transform at every evaluation
	 */
	ScoreEvaluator(final ScoreModel model, final ImageShape shape, final int chains, final boolean symmetrize, final boolean pairs) {
		this.model = model;
		this.shape = shape;
		this.scaled = new float[chains][shape.size()];
		this.denoised = new float[chains][shape.size()];
		this.symmetries = symmetrize ? new PlaneSymmetries(shape) : null;
		this.group = new int[chains];
		for (int c = 0; c < chains; c++) group[c] = pairs ? c / 2 : c;
		this.transform = new int[chains];
		this.transformedIn = symmetrize ? new float[chains][shape.size()] : null;
		this.transformedOut = symmetrize ? new float[chains][shape.size()] : null;
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
		if (symmetries != null) {
			for (int c = 0; c < transform.length; c++) transform[c] = (int) ((evaluations + group[c]) % symmetries.count());
		}
		evaluate(sigma);
		lastSigma = sigma;
		evaluations++;
	}

	/** {@code denoised = D(scaled, sigma)}, through each chain's current transform where symmetrized. */
	private void evaluate(final double sigma) {
		if (symmetries == null) {
			model.denoise(shape, scaled, sigma, denoised);
			return;
		}
		for (int c = 0; c < scaled.length; c++) symmetries.apply(transform[c], scaled[c], transformedIn[c]);
		model.denoise(shape, transformedIn, sigma, transformedOut);
		for (int c = 0; c < scaled.length; c++) symmetries.undo(transform[c], transformedOut[c], denoised[c]);
	}

	/** {@code D(u[c], sigma)} of the last evaluation, in clean-image units; overwritten by the next one. */
	float[][] lastDenoised() {
		return denoised;
	}

	/**
	 * One Hutchinson probe, per chain, of the diagonal of Tweedie's second-order formula
	 * {@code Cov[x0 | u] = sigma^2 dD/du} at the {@code u} and {@code sigma} of the last {@link #score}
	 * evaluation: {@code sigma^2 v (D(u + eps v) - D(u)) / eps} with {@code v} of independent random signs
	 * and {@code eps = relativeStep sigma}. Its expectation over {@code v} is the diagonal (up to the
	 * finite difference). One network evaluation; further probes reuse the same {@code u}.
	 */
	float[][] probeConditionalVariance(final double relativeStep, final SplittableRandom random) {
		if (Double.isNaN(lastSigma)) throw new IllegalStateException("No score evaluation to probe");
		final int chains = scaled.length, n = shape.size();
		if (probeBase == null) {
			probeBase = new float[chains][];
			probeDenoised = new float[chains][];
			for (int c = 0; c < chains; c++) {
				probeBase[c] = scaled[c].clone();
				probeDenoised[c] = denoised[c].clone();
			}
		}
		final float eps = (float) (relativeStep * lastSigma);
		final float[][] signs = new float[chains][n];
		for (int c = 0; c < chains; c++) {
			final SplittableRandom r = random.split();
			final float[] u = scaled[c], base = probeBase[c], v = signs[c];
			for (int i = 0; i < n; i++) {
				v[i] = r.nextBoolean() ? 1 : -1;
				u[i] = base[i] + eps * v[i];
			}
		}
		evaluate(lastSigma);
		evaluations++;
		final float factor = (float) (lastSigma * lastSigma / eps);
		for (int c = 0; c < chains; c++) {
			final float[] d = denoised[c], base = probeDenoised[c], v = signs[c];
			for (int i = 0; i < n; i++) v[i] *= factor * (d[i] - base[i]);
		}
		return signs;
	}

	/** Batched network calls so far (= evaluations per chain). */
	long evaluations() {
		return evaluations;
	}
}
