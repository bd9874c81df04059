package org.almc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;

import org.almc.core.ImageShape;
import org.almc.model.ModelMetadata;
import org.almc.testing.SharedData;
import org.almc.testing.Slow;
import org.almc.tf.TfScoreModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

/** {@code train --quick}: trains, exports a loadable model with metadata, refuses and then resumes. */
@Slow
class TrainCommandTest {


	static int run(final StringWriter out, final String... args) {
		final CommandLine cl = new CommandLine(new AlmcCli());
		cl.setOut(new PrintWriter(out, true));
		cl.setErr(new PrintWriter(out, true));
		return cl.execute(args);
	}

	@Test
	void quickTrainingExportsAModelAndResumes(@TempDir final Path tmp) throws IOException {
		for (final String file : List.of("BPAE_actin.tif", "BPAE_mito.tif", "BPAE_nuclei.tif")) SharedData.require(file);
		final Path data = SharedData.folder();
		final Path model = tmp.resolve("quick-model"), checkpoints = tmp.resolve("ckpt");
		final StringWriter out = new StringWriter();
		assertEquals(0, run(out, "train", "--quick", "--data", data.toString(), "--out", model.toString(),
			"--checkpoints", checkpoints.toString()), out.toString());
		assertTrue(out.toString().contains("step 40/40"), out.toString());

		final ModelMetadata meta = ModelMetadata.read(model);
		assertEquals(40, meta.training.steps);
		assertEquals(9, meta.evaluation.size(), "3 images x 3 noise levels");
		assertEquals(3, meta.training.data.size());
		assertEquals(64, meta.training.data.get(0).sha256.length());
		try (TfScoreModel m = TfScoreModel.load(model)) {
			final ImageShape shape = new ImageShape(12, 9);
			final float[][] result = new float[1][shape.size()];
			m.denoise(shape, new float[1][shape.size()], 0.5, result);
			for (final float v : result[0]) assertTrue(Float.isFinite(v));
		}

		final StringWriter refused = new StringWriter();
		assertNotEquals(0, run(refused, "train", "--quick", "--data", data.toString(), "--out", tmp.resolve("other")
			.toString(), "--checkpoints", checkpoints.toString()));
		assertTrue(refused.toString().contains("--resume"), refused.toString());

		final StringWriter resumed = new StringWriter();
		assertEquals(0, run(resumed, "train", "--quick", "--resume", "--steps", "50", "--overwrite", "--data", data
			.toString(), "--out", model.toString(), "--checkpoints", checkpoints.toString()), resumed.toString());
		assertTrue(resumed.toString().contains("Resumed at step 40"), resumed.toString());
		assertEquals(50, ModelMetadata.read(model).training.steps);
	}

	/**
	 * {@code train --channels --sigma-min --sigma-max}: a four-level network trains on the given noise range,
	 * exports with that range, its size multiple (8) and receptive field (139 px at any widths) in
	 * {@code model.json}, and denoises an image whose sides are not multiples of 8.
	 */
	@Test
	void fourLevelNetworkTrainsAndServes(@TempDir final Path tmp) throws IOException {
		for (final String file : List.of("BPAE_actin.tif", "BPAE_mito.tif", "BPAE_nuclei.tif")) SharedData.require(file);
		final Path model = tmp.resolve("deep-model");
		final StringWriter out = new StringWriter();
		assertEquals(0, run(out, "train", "--quick", "--channels", "8,12,16,16", "--steps", "10", "--sigma-min", "0.01", "--sigma-max", "3",
			"--data", SharedData.folder().toString(), "--out", model.toString(), "--checkpoints", tmp.resolve("ckpt").toString()), out.toString());
		final ModelMetadata meta = ModelMetadata.read(model);
		assertEquals(0.01, meta.sigmaMin, 0, "the trained noise range is the model's");
		assertEquals(3, meta.sigmaMax, 0);
		assertTrue(meta.training.sigmaDistribution.contains("[0.01, 3.0]"), meta.training.sigmaDistribution);
		assertEquals(8, meta.sizeMultiple);
		assertEquals(139, meta.receptiveField);
		try (TfScoreModel m = TfScoreModel.load(model)) {
			final ImageShape shape = new ImageShape(21, 13);
			final float[][] noisy = new float[1][shape.size()], result = new float[1][shape.size()];
			for (int i = 0; i < shape.size(); i++) noisy[0][i] = (i % 7) / 7f;
			m.denoise(shape, noisy, 0.3, result);
			for (final float v : result[0]) assertTrue(Float.isFinite(v));
		}
		final StringWriter wrongShape = new StringWriter();
		assertNotEquals(0, run(wrongShape, "train", "--quick", "--channels", "8", "--data", SharedData.folder().toString(), "--out",
			tmp.resolve("flat").toString(), "--checkpoints", tmp.resolve("ckpt-flat").toString()));
		assertTrue(wrongShape.toString().contains("levels"), wrongShape.toString());
	}

	/**
	 * {@code train --broad --quick}: the broad prior's data export with their provenance; the images trained
	 * on whole are listed without a strip, and the benchmark's held-out crops come from the BPAE strips only.
	 */
	@Test
	void broadTrainingExportsAndTheBenchmarkStillFindsItsStrips(@TempDir final Path tmp) throws IOException {
		for (final String file : List.of("BPAE_actin.tif", "BPAE_mito.tif", "BPAE_nuclei.tif")) SharedData.require(file);
		for (final org.almc.train.BroadTrainingSet.Entry e : org.almc.train.BroadTrainingSet.TRAIN) SharedData.require("train/" + e.file());
		final Path model = tmp.resolve("broad-model");
		final StringWriter out = new StringWriter();
		assertEquals(0, run(out, "train", "--broad", "--quick", "--data", SharedData.folder().toString(), "--out", model.toString(),
			"--checkpoints", tmp.resolve("ckpt").toString()), out.toString());
		final ModelMetadata meta = ModelMetadata.read(model);
		assertEquals(32, meta.training.data.size(), "3 BPAE images and 29 planes of train/");
		assertEquals(9, meta.evaluation.size(), "the evaluation table stays on the 3 BPAE strips");
		assertTrue(meta.attribution.contains("data/train"), meta.attribution);
		assertEquals(3, org.almc.bench.BenchmarkData.heldOutCrops(meta, SharedData.folder(), 64, 1).size());
	}
}
