package org.almc.restore;

import org.almc.core.sampler.AlmcSampler;

/**
 * Quality presets: how many noise levels (network evaluations per chain) the sampler spends.
 * <p>
 * All presets anneal from {@link #RELATIVE_START_LEVEL} times the stopping level (at most
 * {@link #SIGMA_MAX} or the model's largest level) to {@link #RELATIVE_STOPPING_LEVEL} times the
 * measurement's noise (never below the sampler's default {@code sigma(tau)}), with steps implicit
 * in the likelihood ({@link AlmcSampler.Step#IMPLICIT}) of scale {@link #STEP_SCALE}, and read the
 * mean and standard deviation off Tweedie's clean estimates ({@link AlmcSampler.Readout}); the chains
 * run in antithetic pairs and, for a model trained on every flip and quarter turn, see the image turned
 * a different way at each evaluation ({@link AlmcSampler.Settings#symmetrized}).
 * The numbers come from a sweep on held-out actin crops (128 x 128, 4 chains, denoising and widefield
 * deconvolution at 1000 / 100 / 20 photons; see the README's benchmark section): starting at 3 rather
 * than 60 and taking preconditioned steps of 0.9 rather than 0.3 reached in 60 evaluations the PSNR
 * and coverage that 270 evaluations gave before. Deconvolution at high photon counts keeps gaining
 * up to 220 evaluations ({@link #ACCURATE}) with preconditioned steps; the implicit steps closed most
 * of that gap at 60 (deconvolution at 1000 photons: 33.1 to 36.5 dB on average).
 */
public enum Quality {

	FAST(30, 10), BALANCED(50, 10), ACCURATE(200, 20);

	/**
	 * The highest level where annealing starts (normalized units; images span about 0 to 1): there the
	 * noised prior is close to Gaussian and the warm start close to the tilted target.
	 */
	public static final double SIGMA_MAX = 3;
	/**
	 * Step scale of the presets: {@code delta_t = 0.5 (1 - e^{-2t})} with {@link AlmcSampler.Step#IMPLICIT}
	 * steps. Sweep (held-out 128 x 128 crops of actin, mitochondria and nuclei and a phantom, widefield
	 * blur, camera noise at 1000 / 100 / 20 photons, 8 chains, 60 evaluations): 0.9 lost 0.3-1.2 dB to 0.5
	 * on the nuclei and at 20 photons, when the explicit prior half of the step inflated the variance of the
	 * directions the prior decides by {@code 2 / (2 - c)}. The steps now share their draws, which removes that
	 * inflation, and 0.5 still leads: 0.8 against 0.5 on the held-out strips' deconvolution
	 * ({@code bench --quick --images strips --tasks deconvolve --photons 1000,100}) 38.71 / 34.99 against
	 * 38.80 / 34.96 dB.
	 */
	public static final double STEP_SCALE = 0.5;
	/**
	 * Where the chains stop, as a fraction of the measurement's noise level: the Rao-Blackwellized readout
	 * (Tweedie's clean estimates given the noised image, averaged over chains and the settling steps) then
	 * does the last of the denoising exactly. Sweep (Gaussian noise 0.05 / 0.1 / 0.2 of the range, 128 x 128
	 * crops of actin, microtubules and Golgi, 8 chains, 60 evaluations): the gap of the mean to the
	 * one-pass denoiser was -0.49 to +0.10 dB at 0.5 and 0.7, -0.23 to +0.13 dB at 0.85; the old readout
	 * (states at sigma 0.01) lost 0.0 to 1.0 dB.
	 */
	public static final double RELATIVE_STOPPING_LEVEL = 0.85;
	/**
	 * Where annealing starts, as a multiple of the level where the chains stop (never above
	 * {@link #SIGMA_MAX}); the warm start draws from a Gaussian with the data's mean and variance noised to
	 * that level, tilted by the likelihood. Sweep (the 128 x 128 held-out BPAE crops and a phantom, camera
	 * noise, fluo-score-v1 deconvolving and fluo-score-v2 denoising, 8 chains, same evaluations), mean PSNR
	 * over the best oracle classical filter, start at 3 / 40x / 20x / 10x: deconvolution 1000 photons
	 * -0.37 / -0.03 / +0.08 / +0.09 dB, 100 photons +1.12 / +1.18 / +1.20 / +1.22 dB; denoising 1000 / 100 / 20
	 * photons +1.26 / +1.09 / +1.02 at 3, +1.38 / +1.21 / +1.03 at 10x. Fewer levels with more settling
	 * steps in their place lost (30 + 30: -0.27, 10 + 50: -2.85 at 1000 photons).
	 */
	public static final double RELATIVE_START_LEVEL = 10;
	/** The lowest level where the chains may stop (where the model knows no lower one). */
	public static final double SMALLEST_STOPPING_LEVEL = 1e-3;
	/**
	 * Posterior samples (chains) a restoration runs unless told otherwise. The presets run them in
	 * antithetic pairs ({@link AlmcSampler.Settings#antithetic}), whose mean carries far less Monte Carlo
	 * noise than independent chains' (held-out 128 x 128 BPAE crops and a phantom, camera noise, balanced
	 * preset; mean PSNR of the four, independent 8 / antithetic 8 / antithetic 4 chains: deconvolution at
	 * 1000 photons 36.88 / 37.58 / 37.55 dB, at 100 photons 33.50 / 33.74 / 33.72; denoising at 1000 / 100 / 20
	 * photons 41.23 / 41.24 / 41.24, 34.99 / 35.03 / 35.03, 30.58 / 30.59 / 30.59; coverage90 alike): four
	 * antithetic chains give what eight independent ones gave, at half the time.
	 */
	public static final int DEFAULT_SAMPLES = 4;
	/** Hutchinson probes per chain of the conditional variance (one network evaluation each). */
	public static final int VARIANCE_PROBES = 1;

	private final int levels;
	private final int finalSteps;

	Quality(final int levels, final int finalSteps) {
		this.levels = levels;
		this.finalSteps = finalSteps;
	}

	/** Parses "fast", "balanced" or "accurate" (any case), with a clear error otherwise. */
	public static Quality parse(final String name) throws RestorationException {
		for (final Quality q : values()) {
			if (q.name().equalsIgnoreCase(name == null ? "" : name.trim())) return q;
		}
		throw new RestorationException("Unknown quality preset '" + name + "': use fast, balanced or accurate");
	}

	/**
	 * The sampler settings of this preset, with its noise range clipped to the model's and an optional
	 * override of the number of levels ({@code steps > 0}).
	 */
	public AlmcSampler.Settings settings(final double modelSigmaMin, final double modelSigmaMax, final int steps) {
		final AlmcSampler.Settings d = AlmcSampler.Settings.defaults();
		final double sigmaMax = Math.min(SIGMA_MAX, modelSigmaMax);
		// the clean estimates stop relative to the noise; where it is weak they may stop down to the model's limit
		final double sigmaMin = Math.max(modelSigmaMin, SMALLEST_STOPPING_LEVEL);
		final int n = steps > 0 ? steps : levels;
		final int settling = steps > 0 ? Math.max(1, n / 5) : finalSteps;
		// the probes take their evaluations from the levels, so that a preset costs what it did
		return d.withSigmaRange(sigmaMax, sigmaMin).withStep(AlmcSampler.Step.IMPLICIT).withStepScale(STEP_SCALE)
			.withLevels(Math.max(2, n - VARIANCE_PROBES), 1).withFinalSteps(settling)
			.withReadout(AlmcSampler.Readout.cleanEstimates(settling + 1, VARIANCE_PROBES, RELATIVE_STOPPING_LEVEL)).withStartFactor(
				RELATIVE_START_LEVEL).withAntithetic(true).withSymmetrized(true);
	}

	/**
	 * The same budget read the paper's way, for comparison: the mean and spread of the final states of
	 * independent chains at {@code sigma_tau} = max(0.01, the model's smallest level), the probe's
	 * evaluation given back to the levels.
	 */
	public AlmcSampler.Settings statesSettings(final double modelSigmaMin, final double modelSigmaMax, final int steps) {
		final AlmcSampler.Settings s = settings(modelSigmaMin, modelSigmaMax, steps);
		return s.withSigmaRange(s.sigmaMax(), Math.max(AlmcSampler.Settings.defaults().sigmaMin(), modelSigmaMin))
			.withLevels(s.levels() + s.readout().varianceProbes(), 1).withReadout(AlmcSampler.Readout.STATES).withStartFactor(0)
			.withAntithetic(false).withSymmetrized(false);
	}

	public String label() {
		return name().toLowerCase();
	}
}
