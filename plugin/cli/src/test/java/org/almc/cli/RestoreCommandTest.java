package org.almc.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.almc.core.noise.PoissonNoise;
import org.almc.testing.Project;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.IJ;
import ij.ImagePlus;
import ij.io.FileSaver;
import ij.process.FloatProcessor;
import picocli.CommandLine;

/** The batch command line with the bundled model: outputs, resume, exit codes, and no partial files. */
class RestoreCommandTest {

	private static final Path ROOT = Project.root();

	private static final class Run {

		final int code;
		final String out;
		final String err;

		Run(final String... args) {
			final StringWriter o = new StringWriter(), e = new StringWriter();
			final CommandLine cli = new CommandLine(new AlmcCli());
			cli.setOut(new PrintWriter(o));
			cli.setErr(new PrintWriter(e));
			code = cli.execute(args);
			out = o.toString();
			err = e.toString();
		}
	}

	private static Path crop(final Path dir, final String name, final int size) {
		final ImagePlus imp = IJ.openImage(ROOT.resolve("test-images/phantom-noisy.tif").toString());
		imp.setRoi(10, 10, size, size);
		final Path file = dir.resolve(name);
		new FileSaver(imp.crop()).saveAsTiff(file.toString());
		return file;
	}

	private static long partialFiles(final Path dir) throws Exception {
		try (Stream<Path> s = Files.list(dir)) {
			return s.filter(p -> p.getFileName().toString().endsWith(".partial")).count();
		}
	}

	@Test
	void denoisesAFolderResumesAndReportsFailures(@TempDir final Path dir) throws Exception {
		final Path in = Files.createDirectories(dir.resolve("in")), out = dir.resolve("out");
		crop(in, "a.tif", 80);
		crop(in, "b.tif", 96);
		Files.writeString(in.resolve("broken.tif"), "not an image");
		final Run first = new Run("denoise", in.toString(), "--out", out.toString(), "--sigma", "150", "--samples", "2", "--levels", "12",
			"--png");
		assertEquals(1, first.code, first.out + first.err);
		assertTrue(first.out.contains("denoise: 2 done, 0 skipped, 1 failed"), first.out);
		// the device TensorFlow runs the network on (no GPU on the build machines)
		assertTrue(first.out.matches("(?s).*Model fluo-score-v2 on (CPU:0|GPU:\\d+), .*"), first.out);
		assertTrue(first.err.contains("broken.tif: FAILED: Cannot read"), first.err);
		for (final String f : new String[] { "a_mean.tif", "a_std.tif", "a_overview.png", "b_mean.tif", "b_std.tif" }) {
			assertTrue(Files.isRegularFile(out.resolve(f)), f);
		}
		final ImagePlus mean = IJ.openImage(out.resolve("b_mean.tif").toString());
		assertArrayEquals(new int[] { 96, 96, 1, 1, 1 }, mean.getDimensions());
		assertEquals(32, mean.getBitDepth());
		// the bundled prior states the plane's symmetries: the chains saw the image flipped and turned
		final String info = (String) mean.getProperty("Info");
		assertTrue(info.contains("samples=2") && info.contains("flips_and_turns=true"), info);
		assertEquals(0, partialFiles(out));

		Files.delete(in.resolve("broken.tif"));
		final Run second = new Run("denoise", in.toString(), "--out", out.toString(), "--sigma", "150", "--samples", "2", "--levels", "12",
			"--png");
		assertEquals(0, second.code, second.out + second.err);
		assertTrue(second.out.contains("denoise: 0 done, 2 skipped, 0 failed"), second.out);
	}

	/**
	 * {@code --noise camera} alone estimates the camera from the image, prints the estimate and records it
	 * in the output's Info; the automatic default finds the same camera.
	 */
	@Test
	void cameraWithoutParametersIsEstimatedPrintedAndRecorded(@TempDir final Path dir) throws Exception {
		final SplittableRandom r = new SplittableRandom(3);
		final FloatProcessor fp = new FloatProcessor(96, 96);
		for (int y = 0; y < 96; y++) {
			for (int x = 0; x < 96; x++) {
				final double photons = x < 32 ? 0 : 40.0 * (x - 32) / 64 * (1 + 0.5 * Math.sin(y / 5.0));
				fp.setf(x, y, (float) (100 + 2 * PoissonNoise.poisson(photons, r) + 3 * r.nextGaussian()));
			}
		}
		final Path camera = dir.resolve("camera.tif");
		new FileSaver(new ImagePlus("camera", fp)).saveAsTiff(camera.toString());
		final Run estimated = new Run("denoise", camera.toString(), "--out", dir.resolve("o").toString(), "--noise", "camera", "--samples",
			"2", "--levels", "12");
		assertEquals(0, estimated.code, estimated.out + estimated.err);
		final Matcher m = Pattern.compile("noise camera gain=([0-9.]+) offset=([0-9.]+) read_noise=([0-9.]+) \\(estimated from 1 plane")
			.matcher(estimated.err);
		assertTrue(m.find(), estimated.err);
		assertEquals(2, Double.parseDouble(m.group(1)), 0.4, "gain");
		assertEquals(100, Double.parseDouble(m.group(2)), 1.5, "offset");
		final String info = (String) IJ.openImage(dir.resolve("o/camera_mean.tif").toString()).getProperty("Info");
		assertTrue(info.contains("noise=[camera estimated from the data]") && info.contains("noise_estimate=camera gain="), info);

		// --steps, the older name of --levels, still works
		final Run auto = new Run("denoise", camera.toString(), "--out", dir.resolve("p").toString(), "--samples", "2", "--steps", "12");
		assertEquals(0, auto.code, auto.out + auto.err);
		assertTrue(auto.err.contains("noise camera gain=" + m.group(1) + " offset=" + m.group(2)), auto.err);
	}

	/** A Gaussian PSF of sd 1.2 pixels centred in a {@code size x size} image (between pixels for even sizes), on an offset of 10. */
	private static Path gaussianPsf(final Path dir, final String name, final int size) {
		final FloatProcessor fp = new FloatProcessor(size, size);
		final double c = (size - 1) / 2.0;
		for (int y = 0; y < size; y++) {
			for (int x = 0; x < size; x++) fp.setf(x, y, (float) (10 + 1000 * Math.exp(-((x - c) * (x - c) + (y - c) * (y - c)) / (2 * 1.44))));
		}
		final Path file = dir.resolve(name);
		new FileSaver(new ImagePlus(name, fp)).saveAsTiff(file.toString());
		return file;
	}

	/** A PSF as users have them (even size, centred between pixels, on a background) is prepared, and what was done printed. */
	@Test
	void anEvenPsfWithABackgroundIsPreparedAndReported(@TempDir final Path dir) throws Exception {
		final Path image = crop(dir, "a.tif", 80);
		final Run run = new Run("deconvolve", image.toString(), "--psf", gaussianPsf(dir, "even.tif", 16).toString(), "--out", dir.resolve(
			"o").toString(), "--sigma", "150", "--samples", "2", "--levels", "12");
		assertEquals(0, run.code, run.out + run.err);
		assertTrue(run.err.contains("PSF even.tif: background 10.00 (median of the border pixels) subtracted") && run.err.contains(
			"PSF even.tif: 16x16 padded to 17x17") && run.err.contains("shifted by X 0.50, Y 0.50 pixel"), run.err);
		final String info = (String) IJ.openImage(dir.resolve("o/a_mean.tif").toString()).getProperty("Info");
		assertTrue(info.contains("psf=even.tif 17x17") && info.contains("psf_prepared=16x16 padded to 17x17"), info);
	}

	@Test
	void badSettingsStopBeforeAnyWork(@TempDir final Path dir) throws Exception {
		final Path image = crop(dir, "a.tif", 80);
		final Path blocker = Files.writeString(dir.resolve("file"), "x");
		final Run unwritable = new Run("denoise", image.toString(), "--out", blocker.resolve("sub").toString());
		assertEquals(2, unwritable.code);
		assertTrue(unwritable.err.contains("Cannot create the output folder"), unwritable.err);
		final Run camera = new Run("denoise", image.toString(), "--out", dir.resolve("o").toString(), "--noise", "camera", "--gain", "-1",
			"--offset", "100", "--read-noise", "2");
		assertEquals(2, camera.code);
		assertTrue(camera.err.contains("gain must be positive"), camera.err);
		final Run partial = new Run("denoise", image.toString(), "--out", dir.resolve("o").toString(), "--noise", "camera", "--gain", "2");
		assertEquals(2, partial.code);
		assertTrue(partial.err.contains("all of --gain, --offset and --read-noise (ADU), or none of them"), partial.err);
		final Run both = new Run("denoise", image.toString(), "--out", dir.resolve("o").toString(), "--sigma", "5", "--gain", "2");
		assertEquals(2, both.code);
		assertTrue(both.err.contains("give one or the other"), both.err);
		final Run model = new Run("denoise", image.toString(), "--out", dir.resolve("o").toString(), "--model", dir.resolve("nomodel").toString());
		assertEquals(2, model.code);
		assertTrue(model.err.contains("does not exist"), model.err);
		final Run large = new Run("deconvolve", image.toString(), "--psf", gaussianPsf(dir, "large.tif", 101).toString(), "--out", dir
			.resolve("o").toString());
		// a PSF larger than the image cannot be made to fit: that input fails, with the reason
		assertEquals(1, large.code);
		assertTrue(large.err.contains("larger than the image"), large.err);
		assertTrue(!Files.exists(dir.resolve("o/a_mean.tif")));
	}
}
