package org.almc.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.almc.bench.BenchmarkData;
import org.almc.testing.SharedData;
import org.junit.jupiter.api.Test;

/** The held-out images of other labs as bench truths ({@code bench --images other-labs}). */
class PriorReportCropsTest {

	@Test
	void everyHeldOutImageIsACentralCropOfNonNegativeTruthWithItsBrightPercentileAtOne() throws Exception {
		for (final PriorReport.HeldOut h : PriorReport.HELD_OUT) SharedData.require("train/" + h.file());
		final Path train = SharedData.folder().resolve("train");
		final List<BenchmarkData.Crop> crops = PriorReport.benchCrops(train, 100, 8);
		assertEquals(PriorReport.HELD_OUT.size(), crops.size());
		for (int k = 0; k < crops.size(); k++) {
			final BenchmarkData.Crop c = crops.get(k);
			assertEquals(PriorReport.HELD_OUT.get(k).structure().replace(' ', '-'), c.name());
			assertTrue(c.width() <= 100 && c.height() <= 100 && c.width() % 8 == 0 && c.height() % 8 == 0 && c.width() >= 32, c.name() + " " + c
				.width() + " x " + c.height());
			int above = 0;
			float max = 0;
			for (final float v : c.truth()) {
				assertTrue(v >= 0, c.name() + ": negative truth " + v);
				if (v > 1) above++;
				max = Math.max(max, v);
			}
			// the bright percentile (99.8) of the crop itself maps to 1: at most 0.2% of the pixels lie above it
			assertTrue(max >= 1 - 1e-5 && above <= Math.ceil(0.002 * c.truth().length) + 1, c.name() + ": " + above + " pixels above 1, max " + max);
		}
	}
}
