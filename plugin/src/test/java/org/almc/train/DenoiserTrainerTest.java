package org.almc.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import org.almc.tf.NhwcLayout;
import org.almc.tf.PercentileNormalization;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A few steps on tiny phantom patches: the loss falls, and a resumed run equals an uninterrupted one. */
class DenoiserTrainerTest {

	private static TrainingDataset dataset;
	private static float[] clean, noise, sigma;
	static final int SIZE = 32, EVAL_BATCH = 12;

	@BeforeAll
	static void data() throws IOException {
		dataset = TrainingDataset.load(List.of(), new PercentileNormalization(1, 99.8), 0.2, 2, 128, 7);
		// a fixed evaluation batch: seeded patches, noise and levels spread over the useful range
		final TrainingConfig c = tinyConfig(0);
		clean = new float[EVAL_BATCH * SIZE * SIZE];
		noise = new float[clean.length];
		sigma = new float[EVAL_BATCH];
		try (DenoiserTrainer t = new DenoiserTrainer(c)) {
			t.fillBatch(dataset.sampler(c), new Random(99), clean, noise, sigma);
		}
		for (int i = 0; i < EVAL_BATCH; i++) sigma[i] = (float) (0.02 * Math.pow(2, i % 6));
		assertEquals(EVAL_BATCH * SIZE * SIZE, (int) (NhwcLayout.tensorShape(EVAL_BATCH, SIZE, SIZE)[0] * SIZE * SIZE));
	}

	static TrainingConfig tinyConfig(final long steps) {
		final TrainingConfig c = new TrainingConfig();
		c.architecture.channels = new int[] { 8, 12, 16 };
		c.architecture.embeddingWidth = 16;
		c.steps = steps;
		c.batchSize = 4;
		c.patchSize = SIZE;
		c.learningRate = 2e-3f;
		c.checkpointEvery = 1000;
		// one thread: multi-threaded reductions change the float summation order from run to run
		c.threads = 1;
		c.logEvery = 10;
		return c;
	}

	@Test
	void lossFallsWithinAFewSteps() throws IOException {
		try (DenoiserTrainer t = new DenoiserTrainer(tinyConfig(150))) {
			final double before = t.loss(clean, noise, sigma, SIZE);
			t.train(dataset.sampler(tinyConfig(150)), null, p -> {}, () -> false);
			final double after = t.loss(clean, noise, sigma, SIZE);
			assertEquals(150, t.step());
			// EDM preconditioning starts near loss 1 (F ~ 0 predicts c_skip x); training must cut it clearly
			assertTrue(after < 0.7 * before, "loss " + before + " -> " + after);
		}
	}

	@Test
	void resumedRunMatchesUninterruptedRun(@TempDir final Path tmp) throws IOException {
		final TrainingConfig half = tinyConfig(20), full = tinyConfig(40);
		final Path checkpoint = tmp.resolve("ckpt");
		try (DenoiserTrainer t = new DenoiserTrainer(half)) {
			t.train(dataset.sampler(half), checkpoint, p -> {}, () -> false);
		}
		assertTrue(DenoiserTrainer.hasCheckpoint(checkpoint));
		final double resumedLoss;
		final float[] resumedWeight;
		try (DenoiserTrainer t = new DenoiserTrainer(full)) {
			t.restoreCheckpoint(checkpoint);
			assertEquals(20, t.step());
			t.train(dataset.sampler(full), null, p -> {}, () -> false);
			resumedLoss = t.loss(clean, noise, sigma, SIZE);
			resumedWeight = t.weights(true).values().get("out_w");
		}
		// TensorFlow's CPU kernels do not always sum in the same order, so identical runs differ slightly
		// (seen up to 0.25 % in this loss and 0.7 % in these weights). Two uninterrupted runs measure that
		// jitter; the resumed run must agree with them within 5 times it, and never worse than 1 % (loss)
		// and 3 % (weights) - far tighter than a run that lost its weights or optimizer state.
		final double[] losses = new double[2];
		final float[][] weights = new float[2][];
		for (int run = 0; run < 2; run++) {
			try (DenoiserTrainer t = new DenoiserTrainer(full)) {
				t.train(dataset.sampler(full), null, p -> {}, () -> false);
				losses[run] = t.loss(clean, noise, sigma, SIZE);
				weights[run] = t.weights(true).values().get("out_w");
			}
		}
		final double loss = losses[0];
		assertEquals(loss, resumedLoss, Math.max(1e-2 * loss, 5 * Math.abs(losses[0] - losses[1])), "resumed vs uninterrupted loss");
		for (int i = 0; i < weights[0].length; i++) {
			final double jitter = Math.abs(weights[0][i] - weights[1][i]);
			assertEquals(weights[0][i], resumedWeight[i], Math.max(3e-2 * (Math.abs(weights[0][i]) + 1e-3), 5 * jitter), "weight " + i);
		}
	}

}
