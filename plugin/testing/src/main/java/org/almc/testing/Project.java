package org.almc.testing;

import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * The repository's own folders as tests see them, from any module: the build passes the repository root as
 * {@code -Dalmc.project.root}; without it, a module's folder ({@code plugin/<module>}) is the working
 * directory.
 */
public final class Project {

	private Project() {}

	/** The repository root. */
	public static Path root() {
		return Paths.get(System.getProperty("almc.project.root", "../..")).toAbsolutePath().normalize();
	}

	/** A bundled model folder, {@code models/<name>}. */
	public static Path model(final String name) {
		return root().resolve("models").resolve(name);
	}

	/** The bundled broad prior, or the folder given by {@code -Dalmc.model}. */
	public static Path defaultModel() {
		final String explicit = System.getProperty("almc.model");
		return explicit != null ? Paths.get(explicit) : model("fluo-score-v2");
	}

	/** The committed test images, {@code test-images/}. */
	public static Path testImages() {
		return root().resolve("test-images");
	}
}
