package org.almc.core;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** House rule 1: the core imports no ImageJ, UI or SciJava service classes. */
class CoreIsolationTest {

	private static final Pattern FORBIDDEN = Pattern.compile(
		"^\\s*import\\s+(static\\s+)?(ij\\.|java\\.awt\\.|javax\\.swing\\.|org\\.scijava\\.|net\\.imagej\\.|org\\.tensorflow\\.)",
		Pattern.MULTILINE);

	@Test
	void coreSourcesImportNoImageJOrUiClasses() throws IOException {
		final Path core = Paths.get("src/main/java/org/almc/core");
		assertTrue(Files.isDirectory(core), "core sources not found at " + core.toAbsolutePath());
		final List<String> offenders;
		try (Stream<Path> files = Files.walk(core)) {
			offenders = files.filter(p -> p.toString().endsWith(".java")).filter(p -> {
				try {
					return FORBIDDEN.matcher(Files.readString(p)).find();
				}
				catch (final IOException e) {
					throw new java.io.UncheckedIOException(e);
				}
			}).map(Path::toString).collect(Collectors.toList());
		}
		assertTrue(offenders.isEmpty(), "core files import ImageJ/UI/TensorFlow classes: " + offenders);
		// and the check itself bites
		assertTrue(FORBIDDEN.matcher("import ij.ImagePlus;").find());
		assertTrue(FORBIDDEN.matcher("import java.awt.Color;").find());
	}
}
