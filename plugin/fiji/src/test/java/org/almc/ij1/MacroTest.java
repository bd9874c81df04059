package org.almc.ij1;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import net.imagej.patcher.LegacyEnvironment;

import org.almc.testing.Slow;
import org.almc.testing.Project;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.IJ;
import ij.ImagePlus;
import ij.io.FileSaver;

import static org.almc.bench.ImageQuality.correlation;

/**
 * The macros in {@code macros/} run with the real ImageJ 1.x macro interpreter (ij1-patcher's
 * headless {@code LegacyEnvironment}), reaching the commands through the {@code plugins.config}
 * entries, with the bundled model; the results are checked against the clean phantom.
 */
@Slow
class MacroTest {

	private static final Path ROOT = Project.root();
	private static LegacyEnvironment env;

	@BeforeAll
	static void startImageJ() throws Exception {
		System.setProperty("ij1.patcher.initializer", PluginsConfigInstaller.class.getName());
		env = new LegacyEnvironment(null, true);
		// the project and its dependencies, but ImageJ itself from the patched environment
		for (final String entry : System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")).split(File.pathSeparator)) {
			if (!entry.contains(File.separator + "ij" + File.separator) && !entry.contains("ij1-patcher")) env.addPluginClasspath(new File(entry));
		}
	}

	private static String macro(final String name) throws IOException {
		return Files.readString(ROOT.resolve("macros").resolve(name));
	}

	/** Opens a 96 x 96 crop of a test image under a new title. */
	private static String openCrop(final String file, final String title) {
		return "setBatchMode(true);\nopen(\"" + ROOT.resolve("test-images").resolve(file) + "\");\nmakeRectangle(64, 64, 96, 96);\n" +
			"run(\"Crop\");\nrename(\"" + title + "\");\n";
	}

	private static String save(final String title, final Path file) {
		return "\nselectImage(\"" + title + "\");\nsaveAs(\"Tiff\", \"" + file + "\");\n";
	}

	private static double rmse(final float[] a, final float[] b) {
		return Math.sqrt(org.almc.bench.ImageQuality.meanSquaredError(a, b));
	}

	private static float[] crop(final String file) {
		final ImagePlus imp = IJ.openImage(ROOT.resolve("test-images").resolve(file).toString());
		imp.setRoi(64, 64, 96, 96);
		return (float[]) imp.crop().getProcessor().convertToFloatProcessor().getPixels();
	}

	private static float[] pixels(final Path file) {
		final ImagePlus imp = IJ.openImage(file.toString());
		assertEquals(96, imp.getWidth(), file.toString());
		assertEquals(96, imp.getHeight(), file.toString());
		return (float[]) imp.getProcessor().convertToFloatProcessor().getPixels();
	}

	@Test
	void denoiseCurrentImageMacro(@TempDir final Path dir) throws Exception {
		env.runMacro(openCrop("phantom-noisy.tif", "noisy") + macro("denoise_current_image.ijm") + save("noisy_mean", dir.resolve("mean.tif")) +
			save("noisy_std", dir.resolve("std.tif")), "");
		final float[] clean = crop("phantom-clean.tif"), noisy = crop("phantom-noisy.tif");
		final float[] mean = pixels(dir.resolve("mean.tif")), std = pixels(dir.resolve("std.tif"));
		final double before = rmse(noisy, clean), after = rmse(mean, clean);
		assertTrue(after < 0.7 * before, "posterior mean RMSE " + after + " vs noisy " + before);
		// the uncertainty is positive and below the noise level
		final float[] sorted = std.clone();
		java.util.Arrays.sort(sorted);
		final float median = sorted[sorted.length / 2];
		assertTrue(sorted[0] >= 0 && median > 1 && median < 150, "median std " + median);
	}

	@Test
	void batchFolderMacroWritesOutputsAndResumes(@TempDir final Path dir) throws Exception {
		final Path in = Files.createDirectories(dir.resolve("in")), out = dir.resolve("out");
		for (final String name : new String[] { "a", "b" }) {
			final ImagePlus imp = IJ.openImage(ROOT.resolve("test-images/phantom-noisy.tif").toString());
			imp.setRoi(name.equals("a") ? 0 : 100, 50, 80, 80);
			new FileSaver(imp.crop()).saveAsTiff(in.resolve(name + ".tif").toString());
		}
		final String args = "input=" + in + " output=" + out + " sigma=150 samples=2 quality=fast";
		env.runMacro(macro("batch_denoise_folder.ijm"), args);
		for (final String f : new String[] { "a_mean.tif", "a_std.tif", "b_mean.tif", "b_std.tif" }) {
			assertTrue(Files.isRegularFile(out.resolve(f)), f + " missing; have " + java.util.Arrays.toString(out.toFile().list()));
		}
		final long stamp = Files.getLastModifiedTime(out.resolve("a_mean.tif")).toMillis();
		Files.delete(out.resolve("b_std.tif"));
		env.runMacro(macro("batch_denoise_folder.ijm"), args);
		assertEquals(stamp, Files.getLastModifiedTime(out.resolve("a_mean.tif")).toMillis(), "a finished input was redone");
		assertTrue(Files.isRegularFile(out.resolve("b_std.tif")), "the unfinished input was not redone");
	}

	@Test
	void simulateAndDeconvolveMacro(@TempDir final Path dir) throws Exception {
		env.runMacro(openCrop("phantom-clean.tif", "clean") + macro("simulate_and_deconvolve.ijm") + save("clean_measured_mean", dir.resolve(
			"mean.tif")) + save("clean_measured", dir.resolve("measured.tif")), "");
		final float[] clean = crop("phantom-clean.tif");
		final float[] measured = pixels(dir.resolve("measured.tif")), mean = pixels(dir.resolve("mean.tif"));
		final double before = correlation(measured, clean), after = correlation(mean, clean);
		assertTrue(after > before, "deconvolved correlation " + after + " vs measured " + before);
	}

	@Test
	void ij1MenuEntriesMatchTheFijiCommands() throws IOException {
		final java.util.List<String> ij1 = new java.util.ArrayList<>();
		for (final String line : Files.readAllLines(PluginsConfigInstaller.CONFIG)) {
			if (!line.isBlank() && !line.startsWith("#")) ij1.add(line.substring(line.indexOf('"') + 1, line.indexOf('"', line.indexOf('"') + 1)));
		}
		final String[] fiji = { org.almc.fiji.MacroOptions.menuLabel(org.almc.fiji.DenoiseAlmcCommand.class),
			org.almc.fiji.MacroOptions.menuLabel(org.almc.fiji.DeconvolveAlmcCommand.class),
			org.almc.fiji.MacroOptions.menuLabel(org.almc.fiji.QuickDenoiseCommand.class),
			org.almc.fiji.MacroOptions.menuLabel(org.almc.fiji.SimulateMeasurementCommand.class),
			org.almc.fiji.MacroOptions.menuLabel(org.almc.fiji.GeneratePsfCommand.class) };
		assertArrayEquals(fiji, ij1.toArray(new String[0]));
	}
}
