package org.almc.core.sampler;

import java.util.SplittableRandom;

import org.almc.core.ImageShape;
import org.almc.core.Likelihood;
import org.almc.core.ScoreModel;

/**
 * Baseline: Diffusion Posterior Sampling (Chung et al., ICLR 2023) in the variance-exploding form.
 * Ancestral sampling over log-spaced levels {@code sigma_0 > ... > sigma_{K-1}}, with the likelihood
 * score approximated through the denoiser, {@code grad_u log p(y | u) ≈ -J_D(u)^T grad R(D(u))}:
 * <pre>
 * x0 = D(u, sigma_i)
 * u  = x0 + (sigma_{i+1}^2 / sigma_i^2) (u - x0) + sqrt(sigma_{i+1}^2 (sigma_i^2 - sigma_{i+1}^2) / sigma_i^2) xi
 *         - guidance (sigma_i^2 - sigma_{i+1}^2) J_D(u_i)^T grad R(x0)
 * </pre>
 * and the output is {@code D(u, sigma_{K-1})}. Each step costs one denoiser evaluation and one
 * vector-Jacobian product (back-propagation through the network).
 */
public final class DpsSampler implements PosteriorSampler {

	private final ScoreModel model;
	private final double sigmaMax;
	private final double sigmaMin;
	private final int levels;
	private final double guidance;

	/**
	 * @param levels noise levels (= network evaluations and vector-Jacobian products per chain)
	 * @param guidance multiplier of the likelihood term (1 is the plain DPS approximation)
	 */
	public DpsSampler(final ScoreModel model, final double sigmaMax, final double sigmaMin, final int levels,
		final double guidance)
	{
		if (!model.supportsVectorJacobianProduct()) {
			throw new IllegalArgumentException("DPS needs the vector-Jacobian product of the denoiser, which " +
				model.getClass().getSimpleName() + " does not provide");
		}
		NoiseSchedule.geometricSigmas(sigmaMax, sigmaMin, levels);
		if (!(guidance > 0)) throw new IllegalArgumentException("Guidance must be > 0, got " + guidance);
		this.model = model;
		this.sigmaMax = sigmaMax;
		this.sigmaMin = sigmaMin;
		this.levels = levels;
		this.guidance = guidance;
	}

	@Override
	public String name() {
		return "dps";
	}

	@Override
	public PosteriorSamples sample(final Likelihood likelihood, final int chains, final SplittableRandom random,
		final SamplerMonitor monitor)
	{
		final ImageShape shape = likelihood.shape();
		final int n = shape.size();
		final ChainWork work = new ChainWork(likelihood, chains, random);
		final double[] sigmas = NoiseSchedule.geometricSigmas(sigmaMax, sigmaMin, levels);
		final float[][] u = work.gaussianStates(n, sigmaMax);
		final float[][] x0 = new float[chains][n];
		final float[][] grad = new float[chains][n];
		final float[][] vjp = new float[chains][n];
		long evaluations = 0, products = 0;
		for (int k = 0; k < levels - 1; k++) {
			AlmcSampler.checkCancelled(monitor);
			final double s = sigmas[k], next = sigmas[k + 1];
			model.denoise(shape, u, s, x0);
			evaluations++;
			work.forEachChain((c, l, g, r) -> l.gradient(x0[c], grad[c]));
			model.denoiseVectorJacobianProduct(shape, u, s, grad, vjp);
			products++;
			final float keep = (float) (next * next / (s * s));
			final float noise = (float) Math.sqrt(next * next * (s * s - next * next) / (s * s));
			final float step = (float) (guidance * (s * s - next * next));
			work.forEachChain((c, l, g, r) -> {
				final float[] uc = u[c], xc = x0[c], vc = vjp[c];
				for (int i = 0; i < n; i++) {
					uc[i] = xc[i] + keep * (uc[i] - xc[i]) + noise * (float) r.nextGaussian() - step * vc[i];
				}
			});
			monitor.progress(k + 1, levels);
		}
		model.denoise(shape, u, sigmas[levels - 1], x0);
		evaluations++;
		monitor.progress(levels, levels);
		return new PosteriorSamples(shape, x0, evaluations, products);
	}
}
