package org.almc.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.almc.restore.OutputFiles;

/** Writes files so that a crash or cancel never leaves a half-written one (see {@link OutputFiles#write}). */
public final class AtomicFiles {

	/** Writes into a temporary file beside the target. */
	@FunctionalInterface
	public interface Writer {

		void write(Path temporary) throws IOException;
	}

	private AtomicFiles() {}

	public static void write(final Path target, final Writer writer) throws IOException {
		OutputFiles.write(target, writer::write);
	}

	public static void writeString(final Path target, final String text) throws IOException {
		write(target, tmp -> Files.writeString(tmp, text, StandardCharsets.UTF_8));
	}
}
