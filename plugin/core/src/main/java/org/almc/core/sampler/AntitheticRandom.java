package org.almc.core.sampler;

import java.util.random.RandomGenerator;

/**
 * The antithetic twin of a random stream: the same draws, except that every Gaussian draw has the opposite
 * sign. A chain driven by it is a valid chain of its own; paired with the chain driven by the original
 * stream, the two move mirror-wise about the target's mean wherever the dynamics are close to linear, so
 * that their average carries far less Monte Carlo noise than two independent chains.
 */
final class AntitheticRandom implements RandomGenerator {

	private final RandomGenerator twin;

	/** @param twin a generator in the same state as the one driving the paired chain, used by nothing else */
	AntitheticRandom(final RandomGenerator twin) {
		this.twin = twin;
	}

	@Override
	public double nextGaussian() {
		return -twin.nextGaussian();
	}

	@Override
	public double nextGaussian(final double mean, final double stddev) {
		return mean - (twin.nextGaussian(mean, stddev) - mean);
	}

	// every other draw is the twin's own, so that the two streams stay in step whatever is drawn

	@Override
	public long nextLong() {
		return twin.nextLong();
	}

	@Override
	public long nextLong(final long bound) {
		return twin.nextLong(bound);
	}

	@Override
	public long nextLong(final long origin, final long bound) {
		return twin.nextLong(origin, bound);
	}

	@Override
	public int nextInt() {
		return twin.nextInt();
	}

	@Override
	public int nextInt(final int bound) {
		return twin.nextInt(bound);
	}

	@Override
	public int nextInt(final int origin, final int bound) {
		return twin.nextInt(origin, bound);
	}

	@Override
	public double nextDouble() {
		return twin.nextDouble();
	}

	@Override
	public double nextDouble(final double bound) {
		return twin.nextDouble(bound);
	}

	@Override
	public double nextDouble(final double origin, final double bound) {
		return twin.nextDouble(origin, bound);
	}

	@Override
	public float nextFloat() {
		return twin.nextFloat();
	}

	@Override
	public boolean nextBoolean() {
		return twin.nextBoolean();
	}

	@Override
	public void nextBytes(final byte[] bytes) {
		twin.nextBytes(bytes);
	}

	@Override
	public double nextExponential() {
		return twin.nextExponential();
	}
}
