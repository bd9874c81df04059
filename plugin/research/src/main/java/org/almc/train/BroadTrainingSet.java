package org.almc.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.almc.model.PercentileNormalization;
import org.almc.phantom.FluorescencePhantom;
import org.almc.phantom.TestPatterns;
import org.almc.tf.ModelFiles;

import ij.IJ;
import ij.ImagePlus;
import ij.process.FloatProcessor;

/**
 * The training images of the broad prior (fluo-score-v2): the three BPAE channels of v1 (their central
 * strips held out, as v1's, so that {@code bench} measures both models alike) and the images of
 * {@code ../shared/data/train} (see its PROVENANCE.md) that {@link PriorReport#EXCLUDED_FROM_TRAINING}
 * does not reserve for validation, whole:
 * <ul>
 * <li>multichannel files: each channel a structure of its own;</li>
 * <li>time-lapse files: at most {@link Entry#frames} frames spread over the movie, sharing one image's
 * weight, so that near-duplicate frames do not dominate;</li>
 * <li>moderate-SNR images (PROVENANCE: SNR 15-40): binned 2 x 2, which halves their noise relative to the
 * signal, so that the prior does not learn their noise as structure;</li>
 * <li>every file weighs the same (patches drawn per file, not per pixel).</li>
 * </ul>
 * Phantoms: v1's {@link FluorescencePhantom}s, and {@link TestPatterns} (lines, grids, stars, beads) from
 * seeds far from those of the hallucination test, for what real data lack.
 */
public final class BroadTrainingSet {

	/**
	 * One file: its channels (1-based; empty for a single channel), at most {@code frames} of its frames,
	 * binned 2 x 2 or not.
	 */
	public record Entry(String file, int[] channels, int frames, boolean bin) {}

	/** The images of {@code train/}, by file; see the class comment. */
	public static final List<Entry> TRAIN = List.of(new Entry("bian__BBBC038_0bf4b1.tif", new int[0], 1, false),
		new Entry("bian__cancer_cell_migration_crop.tif", new int[0], 4, true), new Entry("bian__membrane_2d_timelapse.tif", new int[0], 5,
			false), new Entry("cpex__ExampleSpeckles_1-162hrh2ax2.tif", new int[0], 1, true), new Entry("cpex__ExampleSpeckles_1-162hrhoe2.tif",
				new int[0], 1, false), new Entry("neubias__anchor_nuclei_downsampled.tif", new int[0], 1, false), new Entry(
					"neubias__xy_16bit__autophagosomes.tif", new int[0], 1, true), new Entry("neubias__xy_16bit__bacteria_cords_thick.tif",
						new int[0], 1, false), new Entry("neubias__xy_16bit__microtubules.tif", new int[0], 1, false), new Entry(
							"neubias__xy_16bit_calibrated__nuclei_various_shapes.tif", new int[0], 1, false), new Entry(
								"neubias__xyc_16bit__nuclei_tubulin.tif", new int[] { 1, 2 }, 1, false), new Entry("neubias__xyc_8bit__dapi_tublin.tif",
									new int[] { 1, 2 }, 1, false), new Entry("neubias__xyc_8bit__membranes_nuclei.tif", new int[] { 1, 2 }, 1, true),
		new Entry("neubias__xyt_calibrated_16bit__golgi_bfa_sum_projection.tif", new int[0], 5, false), new Entry(
			"sbiad634__Ganglioneuroblastoma_3_gray.tif", new int[0], 1, false));

	/** v1's images, with v1's held-out strips. */
	public static final List<String> BPAE = List.of("BPAE_actin.tif", "BPAE_mito.tif", "BPAE_nuclei.tif");
	/** The held-out strip of the BPAE images (as v1). */
	static final double BPAE_VALIDATION_FRACTION = 0.2;
	/** Seeds of the pattern phantoms: far from the hallucination test's (7) and the report's. */
	static final long PATTERN_SEED = 50_000;

	private BroadTrainingSet() {}

	/** The real training planes under {@code dataDir} ({@code ../shared/data}: BPAE_*.tif and train/). */
	public static List<TrainingImage> realImages(final Path dataDir, final PercentileNormalization normalization) throws IOException {
		final List<TrainingImage> images = new ArrayList<>();
		for (final String f : BPAE) images.add(TrainingImage.read(dataDir.resolve(f), normalization, BPAE_VALIDATION_FRACTION));
		for (final Entry e : TRAIN) {
			if (PriorReport.EXCLUDED_FROM_TRAINING.contains(e.file())) {
				throw new IllegalStateException(e.file() + " is held out for validation and must not be trained on");
			}
			final Path file = dataDir.resolve("train").resolve(e.file());
			if (!Files.isRegularFile(file)) throw new IOException("Training image " + file.toAbsolutePath() + " is missing (see PROVENANCE.md)");
			final ImagePlus imp = IJ.openImage(file.toString());
			if (imp == null) throw new IOException("Cannot read " + file);
			final String sha = ModelFiles.sha256(file);
			final int[] channels = e.channels().length == 0 ? new int[] { 1 } : e.channels();
			// a time-lapse is stored as frames or, without hyperstack tags, as slices
			final int movie = Math.max(imp.getNFrames(), imp.getNSlices());
			final int frames = Math.min(e.frames(), movie);
			for (final int c : channels) {
				for (int k = 0; k < frames; k++) {
					final int t = frames == 1 ? 0 : (int) Math.round(k * (movie - 1) / (double) (frames - 1));
					final int index = imp.getNFrames() >= imp.getNSlices() ? imp.getStackIndex(c, 1, t + 1) : imp.getStackIndex(c, t + 1, 1);
					FloatProcessor fp = imp.getStack().getProcessor(index).convertToFloatProcessor();
					if (e.bin()) fp = bin(fp);
					final float[] raw = (float[]) fp.getPixels();
					final PercentileNormalization.Fit fit = normalization.fit(raw);
					final String name = e.file() + (e.channels().length > 0 ? "#c" + c : "") + (frames > 1 ? "#t" + (t + 1) : "") + (e.bin() ?
						"#bin2" : "");
					images.add(new TrainingImage(name, fit.normalize(raw), fp.getWidth(), fp.getHeight(), fp.getWidth(), fp.getWidth(), sha, fit,
						1.0 / frames));
				}
			}
		}
		return images;
	}

	/** v1's phantoms plus {@code perPattern} of each {@link TestPatterns.Pattern} of {@code size}. */
	public static List<TrainingImage> phantoms(final PercentileNormalization normalization, final int count, final int size,
		final long seed, final int perPattern)
	{
		final List<TrainingImage> phantoms = new ArrayList<>();
		final FluorescencePhantom generator = new FluorescencePhantom();
		for (int i = 0; i < count; i++) {
			final float[] raw = generator.render(size, size, new Random(seed + i));
			phantoms.add(whole("phantom-" + (seed + i), raw, size, normalization));
		}
		for (final TestPatterns.Pattern p : TestPatterns.Pattern.values()) {
			for (int k = 0; k < perPattern; k++) {
				final long s = PATTERN_SEED + 100L * p.ordinal() + k;
				phantoms.add(whole(p.label() + "-" + s, TestPatterns.render(p, size, s), size, normalization));
			}
		}
		return phantoms;
	}

	private static TrainingImage whole(final String name, final float[] raw, final int size, final PercentileNormalization normalization) {
		final PercentileNormalization.Fit fit = normalization.fit(raw);
		return new TrainingImage(name, fit.normalize(raw), size, size, size, size, null, fit);
	}

	/** 2 x 2 binning (the mean of each block; an odd last row or column is dropped). */
	static FloatProcessor bin(final FloatProcessor fp) {
		final int w = fp.getWidth() / 2, h = fp.getHeight() / 2;
		final FloatProcessor out = new FloatProcessor(w, h);
		for (int y = 0; y < h; y++) {
			for (int x = 0; x < w; x++) {
				out.setf(x, y, (fp.getf(2 * x, 2 * y) + fp.getf(2 * x + 1, 2 * y) + fp.getf(2 * x, 2 * y + 1) + fp.getf(2 * x + 1, 2 * y + 1)) / 4);
			}
		}
		return out;
	}
}
