package org.almc.phantom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The not-a-cell targets: reproducible, in the phantoms' intensity range, with structure and a flat background. */
class TestPatternsTest {

	@Test
	void everyPatternHasStructureAndAFlatBackground() {
		for (final TestPatterns.Pattern p : TestPatterns.Pattern.values()) {
			final float[] a = TestPatterns.render(p, 96, 3);
			assertArrayEquals(a, TestPatterns.render(p, 96, 3), p + " is not reproducible");
			int flat = 0, bright = 0;
			float min = Float.POSITIVE_INFINITY, max = Float.NEGATIVE_INFINITY;
			for (final float v : a) {
				min = Math.min(min, v);
				max = Math.max(max, v);
				if (v <= TestPatterns.BACKGROUND + 0.002f) flat++;
				if (v > 0.3f) bright++;
			}
			assertTrue(min >= TestPatterns.BACKGROUND - 1e-6 && max <= 1 + TestPatterns.BACKGROUND + 1e-6, p + ": range " + min + ".." + max);
			// enough of each for the report's PSNR and its flat-background error energy to mean something
			assertTrue(flat > a.length / 10 && bright > a.length / 100, p + ": " + flat + " flat and " + bright + " bright pixels");
		}
	}
}
