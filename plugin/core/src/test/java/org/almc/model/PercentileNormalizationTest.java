package org.almc.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PercentileNormalizationTest {

	@Test
	void percentilesOfARampMapToZeroAndOne() {
		final float[] ramp = new float[1001];
		for (int i = 0; i < ramp.length; i++) ramp[ramp.length - 1 - i] = i; // 0..1000, unsorted
		final PercentileNormalization.Fit fit = new PercentileNormalization(1, 99.8).fit(ramp);
		assertEquals(10, fit.offset, 1e-9);
		assertEquals(998 - 10, fit.scale, 1e-9);
		assertEquals(0, fit.normalize(10f), 1e-6);
		assertEquals(1, fit.normalize(998f), 1e-6);
		assertEquals(123.5f, fit.denormalize(fit.normalize(123.5f)), 1e-4);
	}

	@Test
	void constantImageDoesNotDivideByZero() {
		final PercentileNormalization.Fit fit = new PercentileNormalization(1, 99.8).fit(new float[] { 5, 5, 5 });
		assertEquals(0, fit.normalize(5f), 0);
	}

	@Test
	void invalidPercentilesAreRejected() {
		assertThrows(IllegalArgumentException.class, () -> new PercentileNormalization(50, 10));
	}
}
