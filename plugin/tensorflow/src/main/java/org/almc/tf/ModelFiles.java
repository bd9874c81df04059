package org.almc.tf;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** File checksums for model provenance. */
public final class ModelFiles {

	private ModelFiles() {}

	/** Hex sha256 of a file's bytes. */
	public static String sha256(final Path file) throws IOException {
		try (InputStream in = Files.newInputStream(file)) {
			final MessageDigest md = MessageDigest.getInstance("SHA-256");
			final byte[] buf = new byte[1 << 16];
			for (int n; (n = in.read(buf)) > 0;) md.update(buf, 0, n);
			final StringBuilder hex = new StringBuilder();
			for (final byte b : md.digest()) hex.append(String.format("%02x", b));
			return hex.toString();
		}
		catch (final NoSuchAlgorithmException e) {
			throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
		}
	}
}
