package org.almc.core.sampler;

import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import java.util.stream.IntStream;

import org.almc.core.Likelihood;

/**
 * Runs per-chain work in parallel blocks, each block with its own {@link Likelihood} copy and scratch
 * buffer. Every chain has its own random stream, so results do not depend on the thread count.
 */
final class ChainWork {

	@FunctionalInterface
	interface ChainTask {

		/** Works on chain {@code c} with a thread-confined likelihood and an image-sized scratch buffer. */
		void run(int c, Likelihood likelihood, float[] scratch, RandomGenerator random);
	}

	private final int chains;
	private final Likelihood[] likelihoods;
	private final float[][] scratch;
	private final float[][] secondScratch;
	private final RandomGenerator[] streams;

	ChainWork(final Likelihood likelihood, final int chains, final SplittableRandom random) {
		this(likelihood, chains, random, false);
	}

	/**
	 * @param antithetic whether chains are drawn in antithetic pairs: chain {@code 2k + 1} takes the Gaussian
	 *          draws of chain {@code 2k} with the opposite sign ({@link AntitheticRandom}); an odd last chain is
	 *          unpaired
	 */
	ChainWork(final Likelihood likelihood, final int chains, final SplittableRandom random, final boolean antithetic) {
		if (chains < 1) throw new IllegalArgumentException("Need at least one chain, got " + chains);
		this.chains = chains;
		final int blocks = Math.max(1, Math.min(chains, Runtime.getRuntime().availableProcessors()));
		likelihoods = new Likelihood[blocks];
		scratch = new float[blocks][likelihood.shape().size()];
		secondScratch = new float[blocks][likelihood.shape().size()];
		likelihoods[0] = likelihood;
		for (int b = 1; b < blocks; b++) likelihoods[b] = likelihood.copy();
		streams = new RandomGenerator[chains];
		final int paired = antithetic ? chains - chains % 2 : 0;
		for (int c = 0; c < paired; c += 2) {
			final long seed = random.nextLong();
			streams[c] = new SplittableRandom(seed);
			streams[c + 1] = new AntitheticRandom(new SplittableRandom(seed));
		}
		for (int c = paired; c < chains; c++) streams[c] = random.split();
	}

	int chains() {
		return chains;
	}

	/** New chain states drawn from {@code N(0, scale^2 I)}, each from its own chain's stream. */
	float[][] gaussianStates(final int n, final double scale) {
		final float[][] x = new float[chains][n];
		forEachChain((c, l, g, r) -> {
			for (int i = 0; i < n; i++) x[c][i] = (float) (scale * r.nextGaussian());
		});
		return x;
	}

	/**
	 * {@code drift[c] -= grad R(x[c])} for every chain, two chains per {@link Likelihood#gradients} call
	 * (one FFT pass for both where the operator supports it).
	 */
	void subtractGradients(final float[][] x, final float[][] drift) {
		final int blocks = likelihoods.length;
		IntStream.range(0, blocks).parallel().forEach(b -> {
			final int from = blockStart(b), to = blockStart(b + 1);
			final float[] g1 = scratch[b], g2 = secondScratch[b];
			for (int c = from; c < to; c += 2) {
				final boolean pair = c + 1 < to;
				if (pair) likelihoods[b].gradients(x[c], x[c + 1], g1, g2);
				else likelihoods[b].gradient(x[c], g1);
				final float[] d1 = drift[c];
				for (int i = 0; i < g1.length; i++) d1[i] -= g1[i];
				if (pair) {
					final float[] d2 = drift[c + 1];
					for (int i = 0; i < g2.length; i++) d2[i] -= g2[i];
				}
			}
		});
	}

	void forEachChain(final ChainTask task) {
		final int blocks = likelihoods.length;
		IntStream.range(0, blocks).parallel().forEach(b -> {
			final int from = blockStart(b), to = blockStart(b + 1);
			for (int c = from; c < to; c++) task.run(c, likelihoods[b], scratch[b], streams[c]);
		});
	}

	/** The first chain of block {@code b} (the chains split evenly over the blocks). */
	private int blockStart(final int b) {
		return (int) ((long) chains * b / likelihoods.length);
	}
}
