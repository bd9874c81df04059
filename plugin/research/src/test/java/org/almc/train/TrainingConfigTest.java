package org.almc.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The learning rate's schedule ({@code train --anneal}) and the checks of its settings. */
class TrainingConfigTest {

	@Test
	void theRateIsConstantUnlessAnnealed() {
		final TrainingConfig c = new TrainingConfig();
		assertFalse(c.anneals());
		for (final long step : new long[] { 0, 1, 123750, Long.MAX_VALUE - 1 }) assertEquals(c.learningRate, c.learningRateAt(step));
	}

	@Test
	void theRateFallsAlongAHalfCosineAndStays() {
		final TrainingConfig c = annealed(1e-3f, 100, 200, 1e-4f);
		c.validate();
		assertTrue(c.anneals());
		assertEquals(1e-3f, c.learningRateAt(0));
		assertEquals(1e-3f, c.learningRateAt(100));
		assertEquals(5.5e-4, c.learningRateAt(150), 1e-9);
		// a quarter of the way: 1e-4 + 9e-4 (1 + cos(pi / 4)) / 2
		assertEquals(1e-4 + 9e-4 * (1 + Math.sqrt(0.5)) / 2, c.learningRateAt(125), 1e-9);
		assertEquals(1e-4f, c.learningRateAt(200));
		assertEquals(1e-4f, c.learningRateAt(1_000_000));
		for (long step = 100; step < 200; step++) assertTrue(c.learningRateAt(step + 1) < c.learningRateAt(step), "step " + step);
	}

	@Test
	void aScheduleThatCannotBeTrainedIsNamed() {
		final TrainingConfig c = annealed(2e-4f, 10, 20, 3e-4f);
		final IllegalArgumentException above = assertThrows(IllegalArgumentException.class, c::validate);
		assertTrue(above.getMessage().contains("--anneal") && above.getMessage().contains("3.0E-4"), above.getMessage());
		c.annealLearningRate = 1e-5f;
		c.annealFrom = -5;
		assertThrows(IllegalArgumentException.class, c::validate);
		c.annealFrom = 20;
		final IllegalArgumentException backwards = assertThrows(IllegalArgumentException.class, c::validate);
		assertTrue(backwards.getMessage().contains("FROM < TO"), backwards.getMessage());
		c.annealFrom = 10;
		c.learningRate = 0;
		final IllegalArgumentException zero = assertThrows(IllegalArgumentException.class, c::validate);
		assertTrue(zero.getMessage().contains("--learning-rate"), zero.getMessage());
	}

	private static TrainingConfig annealed(final float rate, final long from, final long to, final float finalRate) {
		final TrainingConfig c = new TrainingConfig();
		c.learningRate = rate;
		c.annealFrom = from;
		c.annealTo = to;
		c.annealLearningRate = finalRate;
		return c;
	}
}
