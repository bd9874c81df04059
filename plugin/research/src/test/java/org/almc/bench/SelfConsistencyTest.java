package org.almc.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.almc.testing.SharedData;
import org.almc.testing.Slow;
import org.almc.tf.TfScoreModel;
import org.almc.testing.Project;
import org.almc.restore.RestorationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The sampler does not waste the prior ({@link SelfConsistency}): with white Gaussian noise at 0.05, 0.1
 * and 0.2 of the range, the restoration's 8-chain posterior mean, run as a user runs it (raw intensities
 * in and out, the whole pipeline, balanced preset), comes within {@link #GAP_DB} of the one-pass
 * denoiser, and its chains-to-infinity estimate reaches it (up to three of its Monte Carlo standard
 * errors); on phantoms always, on the held-out strips of
 * the real images where {@code ../shared/data} is present (skipped otherwise by {@link SharedData#require},
 * which calls assumeTrue).
 */
@Slow
class SelfConsistencyTest {

	static final Path MODEL = Project.defaultModel();
	/** The largest shortfall of the 8-chain mean against the one-pass denoiser (the requirement). */
	static final double GAP_DB = 0.3;
	/** Noise levels, as fractions of the image's range. */
	static final double[] LEVELS = { 0.05, 0.1, 0.2 };
	static final int SIZE = 96;

	private static TfScoreModel model;

	@BeforeAll
	static void load() throws IOException {
		model = TfScoreModel.load(MODEL, Runtime.getRuntime().availableProcessors());
	}

	@AfterAll
	static void close() {
		model.close();
	}

	@Test
	void posteriorMeanMatchesOnePassOnPhantoms() throws RestorationException {
		check(BenchmarkData.phantoms(model.metadata(), SIZE, 1));
	}

	@Test
	void posteriorMeanMatchesOnePassOnHeldOutStrips() throws RestorationException, IOException {
		final List<BenchmarkData.Crop> crops = new ArrayList<>();
		for (final var f : model.metadata().training.data) {
			// images trained on whole (the broad prior's) have no held-out strip and are not read here
			if (f.hasHeldOutStrip()) SharedData.require(f.file);
		}
		crops.addAll(BenchmarkData.heldOutCrops(model.metadata(), SharedData.folder(), SIZE, 1));
		check(crops);
	}

	private static void check(final List<BenchmarkData.Crop> crops) throws RestorationException {
		final StringBuilder report = new StringBuilder();
		boolean ok = true;
		final SelfConsistency check = new SelfConsistency(model, model.metadata());
		for (final BenchmarkData.Crop crop : crops) {
			for (final SelfConsistency.Row r : check.measure(crop, LEVELS, false, 17)) {
				// "at or above", up to 3 standard errors of the chains -> inf estimate's own Monte Carlo error
				final boolean pass = r.gap() >= -GAP_DB && r.infiniteGap() >= -3 * r.infiniteChainsError();
				ok &= pass;
				report.append(String.format(Locale.ROOT, "%s sigma %.2f: one pass %.2f dB, 8-chain mean %.2f dB (%+.2f), chains -> inf " +
					"%.2f dB (%+.2f +- %.2f), cov90 %.3f%s%n", r.image(), r.level(), r.psnrOnePass(), r.psnrMean(), r.gap(), r.psnrInfiniteChains(), r
						.infiniteGap(), r.infiniteChainsError(), r.coverage90(), pass ? "" : "  <-- FAILS"));
			}
		}
		System.err.print(report);
		assertTrue(ok, "The posterior mean must be within " + GAP_DB + " dB of the one-pass denoiser and its chains -> inf estimate " +
			"at or above it:\n" + report);
	}
}
