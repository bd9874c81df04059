package org.almc.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.almc.bench.ImageQuality;
import org.almc.testing.Project;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.IJ;
import ij.ImagePlus;

/**
 * The plain-ImageJ folder ({@code target/imagej}, laid out by {@code mvn package}) works as installed:
 * a separate JVM runs real ImageJ 1.x with its plugins folder and the shipped macro
 * {@code denoise_current_image.ijm}, and gets the restoration; with a jar missing, the command names
 * the jar and aborts the macro instead of doing nothing.
 */
class PlainImageJIT {

	private static final Path IMAGEJ = Paths.get(System.getProperty("almc.imagej.dir", "target/imagej")).toAbsolutePath();
	private static final Path ROOT = Project.root();

	private record Run(int code, String output) {}

	/** Runs {@code macro} in a new JVM with ImageJ 1.x whose plugins folder is {@code imagej/plugins}. */
	private static Run imagej(final Path imagej, final String macro, final Path dir) throws IOException, InterruptedException {
		final Path file = dir.resolve("run.ijm");
		Files.writeString(file, macro);
		final String classPath = Stream.of(System.getProperty("java.class.path").split(File.pathSeparator)).filter(e -> e.contains(
			File.separator + "ij" + File.separator) || e.contains("ij1-patcher") || e.contains("javassist") || e.endsWith("test-classes"))
			.collect(Collectors.joining(File.pathSeparator));
		final List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
			"--add-opens", "java.base/java.lang=ALL-UNNAMED", "-Djava.awt.headless=true", "-Xmx4g", "-Dplugins.dir=" + imagej.resolve("plugins"),
			"-Dij.dir=" + imagej, "-cp", classPath, HeadlessImageJ.class.getName(), file.toString()));
		final Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
		final String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertTrue(p.waitFor(5, TimeUnit.MINUTES), "ImageJ did not finish:\n" + output);
		return new Run(p.exitValue(), output);
	}

	/** The shipped macro on a 96 x 96 crop of the noisy phantom, saving the mean; prints a marker after the command. */
	private static String denoiseMacro(final Path imagej, final Path mean) throws IOException {
		return "open(\"" + ROOT.resolve("test-images/phantom-noisy.tif") + "\");\nmakeRectangle(64, 64, 96, 96);\nrun(\"Crop\");\n" +
			"rename(\"noisy\");\n" + Files.readString(imagej.resolve("macros/denoise_current_image.ijm")) + "\nprint(\"[after the command]\");\n" +
			"selectImage(\"noisy_mean\");\nsaveAs(\"Tiff\", \"" + mean + "\");\n";
	}

	private static float[] crop(final String file) {
		final ImagePlus imp = IJ.openImage(ROOT.resolve("test-images").resolve(file).toString());
		imp.setRoi(64, 64, 96, 96);
		return (float[]) imp.crop().getProcessor().convertToFloatProcessor().getPixels();
	}

	@Test
	void theShippedMacroRestoresAnImageInAPlainImageJInstallation(@TempDir final Path dir) throws Exception {
		final Path mean = dir.resolve("mean.tif");
		final Run run = imagej(IMAGEJ, denoiseMacro(IMAGEJ, mean), dir);
		assertEquals(0, run.code(), run.output());
		assertTrue(run.output().contains("[after the command]") && Files.isRegularFile(mean), run.output());
		final ImagePlus out = IJ.openImage(mean.toString());
		assertEquals(96, out.getWidth());
		final float[] clean = crop("phantom-clean.tif"), noisy = crop("phantom-noisy.tif");
		final float[] restored = (float[]) out.getProcessor().convertToFloatProcessor().getPixels();
		final double before = ImageQuality.meanSquaredError(clean, noisy), after = ImageQuality.meanSquaredError(clean, restored);
		assertTrue(after < 0.5 * before, "MSE " + after + " against the input's " + before + "\n" + run.output());
	}

	@Test
	void aMissingJarIsNamedAndTheMacroStops(@TempDir final Path dir) throws Exception {
		final Path broken = dir.resolve("ImageJ");
		copy(IMAGEJ, broken);
		try (Stream<Path> jars = Files.list(broken.resolve("plugins/jars"))) {
			for (final Path jar : jars.filter(j -> j.getFileName().toString().startsWith("scijava-common-")).toList()) Files.delete(jar);
		}
		final Path mean = dir.resolve("mean.tif");
		final Run run = imagej(broken, denoiseMacro(broken, mean), dir);
		assertTrue(run.output().contains("Posterior Sampling: the plugin cannot start") && run.output().contains(
			"The jar scijava-common-*.jar is missing"), run.output());
		assertFalse(run.output().contains("[after the command]"), "the macro went on after the failed command:\n" + run.output());
		assertFalse(Files.exists(mean), "the macro saved an output after the failed command");
	}

	private static void copy(final Path from, final Path to) throws IOException {
		try (Stream<Path> all = Files.walk(from)) {
			for (final Path p : all.toList()) {
				final Path target = to.resolve(from.relativize(p).toString());
				if (Files.isDirectory(p)) Files.createDirectories(target);
				else Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
			}
		}
	}
}
