package org.almc.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** {@link PriorReport#markdown}: each held-out row names the PSNR its truth's own noise allows. */
class PriorReportMarkdownTest {

	@Test
	void theHeldOutTableShowsWhatTheTruthsOwnNoiseAllows() {
		final String md = PriorReport.markdown("m", List.of(new PriorReport.Row("actin", "gaussian 0.10", 21.84, 29.56, 30.30, Double.NaN, 35.56),
			new PriorReport.Row("speckles", "gaussian 0.10", 22.50, 35.34, 38.56, Double.NaN, Double.POSITIVE_INFINITY)), List.of());
		assertTrue(md.contains("| truth's noise-free image |"), md);
		assertTrue(md.contains("| actin | gaussian 0.10 | 21.84 | 29.56 | 30.30 |  | +0.74 | 35.56 |"), md);
		assertTrue(md.contains("| speckles | gaussian 0.10 | 22.50 | 35.34 | 38.56 |  | +3.22 | noise-free |"), md);
	}
}
