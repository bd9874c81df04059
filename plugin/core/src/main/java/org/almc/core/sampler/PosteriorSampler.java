package org.almc.core.sampler;

import java.util.SplittableRandom;

import org.almc.core.Likelihood;

/** Draws approximate samples of {@code p(x | y) ∝ p(x) exp(-R(x))}, several chains at once. */
public interface PosteriorSampler {

	/**
	 * @param likelihood the measurement term {@code R}
	 * @param chains number of chains (samples): independent, or in antithetic pairs where the sampler says so
	 * @param random the seeded random source; each chain gets its own split stream
	 * @param monitor progress and cancellation
	 * @throws java.util.concurrent.CancellationException if the monitor cancelled the run
	 */
	PosteriorSamples sample(Likelihood likelihood, int chains, SplittableRandom random, SamplerMonitor monitor);

	/** A short name for tables ("almc", "dps", "langevin"). */
	String name();
}
