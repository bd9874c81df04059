package org.almc.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Writes files so that a crash or cancel never leaves a half-written one: temp file, then move. */
public final class AtomicFiles {

	/** Writes into a temporary file beside the target. */
	@FunctionalInterface
	public interface Writer {

		void write(Path temporary) throws IOException;
	}

	private AtomicFiles() {}

	public static void write(final Path target, final Writer writer) throws IOException {
		final Path absolute = target.toAbsolutePath();
		final Path dir = absolute.getParent();
		Files.createDirectories(dir);
		final Path tmp = Files.createTempFile(dir, "." + absolute.getFileName() + ".", ".partial");
		try {
			writer.write(tmp);
			try {
				Files.move(tmp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
			}
			catch (final AtomicMoveNotSupportedException e) {
				Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING);
			}
		}
		finally {
			Files.deleteIfExists(tmp);
		}
	}

	public static void writeString(final Path target, final String text) throws IOException {
		write(target, tmp -> Files.writeString(tmp, text, StandardCharsets.UTF_8));
	}
}
