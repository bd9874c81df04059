package org.almc.core.sampler;

/**
 * How the sampler moves its chains at one noise level: {@link #atLevel} once per level, then
 * {@link #step} for each Langevin step, given the chains' prior scores. A kernel owns its state (step
 * sizes, preconditioner, kept coefficients); the sampler's loop only scores and steps.
 */
interface StepKernel {

	/** Prepares the steps at Ornstein-Uhlenbeck time {@code t}. */
	void atLevel(double t);

	/**
	 * One step of every chain on {@code mu_t ∝ p_t exp(-R)}: {@code x[c]} is updated in place, {@code score[c]}
	 * holds {@code s(x[c], t)} and may be overwritten.
	 */
	void step(float[][] x, float[][] score);
}
