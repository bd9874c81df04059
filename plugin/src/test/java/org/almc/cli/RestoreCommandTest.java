package org.almc.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.IJ;
import ij.ImagePlus;
import ij.io.FileSaver;
import picocli.CommandLine;

/** The batch command line with the bundled model: outputs, resume, exit codes, and no partial files. */
class RestoreCommandTest {

	private static final Path ROOT = Paths.get(System.getProperty("almc.project.root", "..")).toAbsolutePath().normalize();

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
		final Run first = new Run("denoise", in.toString(), "--out", out.toString(), "--sigma", "150", "--samples", "2", "--steps", "12",
			"--png");
		assertEquals(1, first.code, first.out + first.err);
		assertTrue(first.out.contains("denoise: 2 done, 0 skipped, 1 failed"), first.out);
		assertTrue(first.err.contains("broken.tif: FAILED: Cannot read"), first.err);
		for (final String f : new String[] { "a_mean.tif", "a_std.tif", "a_overview.png", "b_mean.tif", "b_std.tif" }) {
			assertTrue(Files.isRegularFile(out.resolve(f)), f);
		}
		final ImagePlus mean = IJ.openImage(out.resolve("b_mean.tif").toString());
		assertArrayEquals(new int[] { 96, 96, 1, 1, 1 }, mean.getDimensions());
		assertEquals(32, mean.getBitDepth());
		assertTrue(((String) mean.getProperty("Info")).contains("samples=2"));
		assertEquals(0, partialFiles(out));

		Files.delete(in.resolve("broken.tif"));
		final Run second = new Run("denoise", in.toString(), "--out", out.toString(), "--sigma", "150", "--samples", "2", "--steps", "12",
			"--png");
		assertEquals(0, second.code, second.out + second.err);
		assertTrue(second.out.contains("denoise: 0 done, 2 skipped, 0 failed"), second.out);
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
		final Run model = new Run("denoise", image.toString(), "--out", dir.resolve("o").toString(), "--model", dir.resolve("nomodel").toString());
		assertEquals(2, model.code);
		assertTrue(model.err.contains("does not exist"), model.err);
		final Path psf = crop(dir, "psf.tif", 8);
		final Run even = new Run("deconvolve", image.toString(), "--psf", psf.toString(), "--out", dir.resolve("o").toString());
		assertEquals(2, even.code);
		assertTrue(even.err.contains("even"), even.err);
		assertTrue(!Files.exists(dir.resolve("o/a_mean.tif")));
	}
}
