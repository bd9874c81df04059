package org.almc.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Tiles cover the plane with the needed overlap and no more, and blend a constant back exactly. */
class TilingTest {

	private static void check(final int width, final int height, final int tile, final int overlap) {
		final Tiling tiling = new Tiling(width, height, tile, overlap);
		final double[] sum = new double[width * height], weights = new double[width * height];
		long sampled = 0;
		for (final Tiling.Tile t : tiling.tiles()) {
			assertTrue(t.width() <= tile && t.height() <= tile, "tile " + t + " larger than " + tile);
			assertTrue(t.x() >= 0 && t.y() >= 0 && t.x() + t.width() <= width && t.y() + t.height() <= height, "tile " + t + " outside");
			final float[] ones = new float[t.width() * t.height()];
			java.util.Arrays.fill(ones, 3f);
			tiling.accumulate(ones, 1, t, sum, weights);
			sampled += (long) t.width() * t.height();
		}
		for (int i = 0; i < sum.length; i++) {
			assertTrue(weights[i] > 0, "pixel " + i + " has no tile weight");
			assertEquals(3, sum[i] / weights[i], 1e-6, "blended constant at pixel " + i);
		}
		// neighbouring tiles overlap by at least overlap - 1 (rounding of the origins) along x
		final int tw = tiling.tiles().get(0).width();
		for (int k = 1; k < tiling.tiles().size(); k++) {
			final Tiling.Tile a = tiling.tiles().get(k - 1), b = tiling.tiles().get(k);
			if (a.y() == b.y()) assertTrue(a.x() + tw - b.x() >= overlap - 1, "overlap of " + a + " and " + b);
		}
		// no more sampling than k tiles of the minimum length need
		final int kx = tiling.tiles().stream().mapToInt(Tiling.Tile::x).boxed().collect(java.util.stream.Collectors.toSet()).size();
		final int ky = tiling.tiles().stream().mapToInt(Tiling.Tile::y).boxed().collect(java.util.stream.Collectors.toSet()).size();
		final double minimum = (width + (kx - 1.0) * overlap) * (height + (ky - 1.0) * overlap);
		assertTrue(sampled <= minimum * 1.05 + 4.0 * (kx + ky) * tile, "sampled " + sampled + " pixels, minimum about " + minimum);
	}

	@Test
	void coversEvenlyWithTheOverlapItNeeds() {
		check(1024, 1024, 512, 32);
		check(2048, 700, 512, 64);
		check(513, 97, 128, 32);
		check(300, 200, 512, 32);
	}

	@Test
	void aThousandPixelAxisGetsThreeSmallTilesNotThreeFullOnes() {
		final Tiling tiling = new Tiling(1024, 1024, 512, 32);
		assertEquals(9, tiling.tiles().size());
		assertEquals(364, tiling.tiles().get(0).width());
	}
}
