package org.almc.core.sampler;

import java.util.Arrays;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.almc.core.ImageShape;
import org.almc.core.ScoreModel;

/**
 * Runs annealing steps with the chains in two halves, so that the network call of one half overlaps
 * the Java work (likelihood gradients, Langevin updates) of the other. Every chain still sees the
 * same sequence, score at step {@code i} then update {@code i}, so the result is what running all
 * chains together gives; it only reorders work across chains. On the 2-core reference machine the
 * overlap takes 7% off a 512 x 512 step (the network's threads leave the cores partly idle). One
 * chain runs without overlap.
 */
final class Halves {

	/** Chains {@code from} (inclusive) to {@code to}: their states, score buffers and evaluator. */
	record Half(int from, int to, float[][] x, float[][] score, ScoreEvaluator scorer) {}

	/** The update of one half at annealing step {@code i}, after its score was computed into {@code score}. */
	@FunctionalInterface
	interface Update {

		void run(Half half, int i);
	}

	private final Half[] halves;

	Halves(final ScoreModel model, final ImageShape shape, final float[][] x, final float[][] score) {
		final int chains = x.length;
		final int middle = chains / 2;
		halves = chains >= 2 ? new Half[] { half(model, shape, x, score, 0, middle), half(model, shape, x, score, middle, chains) }
			: new Half[] { half(model, shape, x, score, 0, chains) };
	}

	private static Half half(final ScoreModel model, final ImageShape shape, final float[][] x, final float[][] score, final int from,
		final int to)
	{
		return new Half(from, to, Arrays.copyOfRange(x, from, to), Arrays.copyOfRange(score, from, to), new ScoreEvaluator(model, shape, to -
			from));
	}

	/**
	 * Runs {@code times.length} steps: at step {@code i} each half's score at {@code times[i]}, then its
	 * update. Reports progress once per step, counting on from {@code progress}; returns the count.
	 */
	int anneal(final double[] times, final Update update, final SamplerMonitor monitor, int progress, final int total) {
		if (halves.length == 1) {
			final Half h = halves[0];
			for (int i = 0; i < times.length; i++) {
				AlmcSampler.checkCancelled(monitor);
				h.scorer().score(h.x(), times[i], h.score());
				update.run(h, i);
				monitor.progress(++progress, total);
			}
			return progress;
		}
		final ExecutorService network = Executors.newSingleThreadExecutor(r -> {
			final Thread t = new Thread(r, "almc-network");
			t.setDaemon(true);
			return t;
		});
		try {
			Future<?> pending = times.length == 0 ? null : network.submit(score(halves[0], times[0]));
			for (int i = 0; i < times.length; i++) {
				for (int h = 0; h < 2; h++) {
					AlmcSampler.checkCancelled(monitor);
					await(pending);
					// the other half's next score runs while this half updates
					final int next = h == 0 ? i : i + 1;
					pending = next < times.length ? network.submit(score(halves[1 - h], times[next])) : null;
					update.run(halves[h], i);
				}
				monitor.progress(++progress, total);
			}
			return progress;
		}
		finally {
			// no network call may outlive the sampler's buffers (cancellation, failure)
			network.shutdown();
			try {
				while (!network.awaitTermination(1, TimeUnit.MINUTES)) {
					// a network call is still running: keep waiting for it
				}
			}
			catch (final InterruptedException e) {
				Thread.currentThread().interrupt();
			}
		}
	}

	/** Tweedie's clean estimate of every chain at {@code t}, in place. */
	void cleanEstimate(final double t) {
		for (final Half h : halves) h.scorer().cleanEstimate(h.x(), t, h.x());
	}

	/** Network evaluations per chain so far. */
	long evaluations() {
		return halves[0].scorer().evaluations();
	}

	private static Runnable score(final Half h, final double t) {
		return () -> h.scorer().score(h.x(), t, h.score());
	}

	private static void await(final Future<?> pending) {
		if (pending == null) return;
		try {
			pending.get();
		}
		catch (final InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new CancellationException("Sampling was interrupted");
		}
		catch (final ExecutionException e) {
			final Throwable cause = e.getCause();
			if (cause instanceof RuntimeException r) throw r;
			if (cause instanceof Error err) throw err;
			throw new IllegalStateException("Network call failed: " + cause, cause);
		}
	}
}
