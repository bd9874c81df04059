package org.almc.ij1;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Hashtable;

import ij.Menus;

/**
 * Test harness: registers the entries of {@code src/main/ij1/plugins.config} in ImageJ 1.x's command
 * table, as ImageJ does for a {@code plugins.config} found in a plugins-folder jar. Run inside a
 * {@code LegacyEnvironment} through the {@code ij1.patcher.initializer} hook.
 */
public final class PluginsConfigInstaller implements Runnable {

	static final Path CONFIG = Paths.get("src/main/ij1/plugins.config");

	@Override
	public void run() {
		try {
			@SuppressWarnings("unchecked")
			final Hashtable<String, String> commands = Menus.getCommands();
			for (final String line : Files.readAllLines(CONFIG)) {
				if (line.isBlank() || line.startsWith("#")) continue;
				final int open = line.indexOf('"'), close = line.indexOf('"', open + 1);
				final String label = line.substring(open + 1, close);
				final String target = line.substring(line.indexOf(',', close) + 1).trim();
				commands.put(label, target);
			}
		}
		catch (final IOException e) {
			throw new UncheckedIOException(e);
		}
	}
}
