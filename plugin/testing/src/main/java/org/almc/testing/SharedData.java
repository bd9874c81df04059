package org.almc.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * The real images beside the repository ({@code ../shared/data}, seen from the project root). A clone of
 * the repository alone has no such folder: tests that need it are skipped there, saying why.
 */
public final class SharedData {

	private SharedData() {}

	/** The data folder: {@code -Dalmc.shared.data}, else {@code <project root>/../shared/data}. */
	public static Path folder() {
		final String explicit = System.getProperty("almc.shared.data");
		if (explicit != null) return Paths.get(explicit);
		return Project.root().resolveSibling("shared").resolve("data");
	}

	/** {@code folder().resolve(file)}, or the test is skipped (not failed) when that file is absent. */
	public static Path require(final String file) {
		final Path path = folder().resolve(file);
		assumeTrue(Files.isRegularFile(path), () -> "Skipped: needs the real image " + path +
			" (../shared/data beside the repository, or -Dalmc.shared.data=DIR); a clone of the repository alone has none");
		return path;
	}
}
