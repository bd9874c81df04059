package org.almc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.almc.tf.ModelFiles;
import org.almc.train.DenoiserEvaluation;
import org.almc.testing.Project;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.IJ;
import ij.ImagePlus;

/** {@code prior-denoise} on the noisy test phantom with the shipped model. */
class PriorDenoiseCommandTest {

	static final Path IMAGES = Project.testImages();
	static final String MODEL = Project.defaultModel().toString();

	static float[] pixels(final Path file) {
		final ImagePlus imp = IJ.openImage(file.toString());
		return (float[]) imp.getProcessor().convertToFloatProcessor().getPixels();
	}

	/** PSNR against the clean phantom with the clean image's range as peak. */
	static double psnr(final float[] clean, final float[] x) {
		float lo = Float.MAX_VALUE, hi = -Float.MAX_VALUE;
		for (final float v : clean) {
			lo = Math.min(lo, v);
			hi = Math.max(hi, v);
		}
		final float[] a = new float[clean.length], b = new float[clean.length];
		for (int i = 0; i < a.length; i++) {
			a[i] = (clean[i] - lo) / (hi - lo);
			b[i] = (x[i] - lo) / (hi - lo);
		}
		return DenoiserEvaluation.psnr(a, b);
	}

	@Test
	void denoisesTheNoisyPhantomAndLeavesTheInputAlone(@TempDir final Path tmp) throws IOException {
		final Path input = IMAGES.resolve("phantom-noisy.tif");
		final String before = ModelFiles.sha256(input);
		final float[] clean = pixels(IMAGES.resolve("phantom-clean.tif"));
		final double noisyPsnr = psnr(clean, pixels(input));
		for (final String sigma : new String[] { "150", "auto" }) {
			final Path output = tmp.resolve("denoised-" + sigma + ".tif");
			final StringWriter out = new StringWriter();
			assertEquals(0, TrainCommandTest.run(out, "prior-denoise", input.toString(), output.toString(), "--sigma",
				sigma, "--model", MODEL), out.toString());
			final double denoisedPsnr = psnr(clean, pixels(output));
			// the phantom is out of the training distribution (partly): ask for a clear, not a record, gain
			assertTrue(denoisedPsnr > noisyPsnr + 6, "sigma " + sigma + ": PSNR " + noisyPsnr + " -> " + denoisedPsnr);
			assertEquals(32, IJ.openImage(output.toString()).getBitDepth());
		}
		assertEquals(before, ModelFiles.sha256(input), "the input file changed");
		try (java.util.stream.Stream<Path> left = Files.list(tmp)) {
			assertEquals(2, left.count(), "no temporary files left behind");
		}
	}

	@Test
	void rejectsAnInvalidSigma(@TempDir final Path tmp) {
		final StringWriter out = new StringWriter();
		assertNotEquals(0, TrainCommandTest.run(out, "prior-denoise", IMAGES.resolve("phantom-noisy.tif").toString(),
			tmp.resolve("x.tif").toString(), "--sigma", "-3", "--model", MODEL));
		assertTrue(out.toString().contains("--sigma must be a positive number or 'auto'"), out.toString());
	}
}
