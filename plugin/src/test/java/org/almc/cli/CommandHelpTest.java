package org.almc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;

/** Every command's help renders cleanly: picocli formats descriptions, so a bare {@code %} breaks them. */
class CommandHelpTest {

	@Test
	void everyCommandsHelpFormatsWithoutWarnings() {
		final CommandLine root = new CommandLine(new AlmcCli());
		final ByteArrayOutputStream err = new ByteArrayOutputStream();
		final PrintStream previous = System.err;
		System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
		try {
			check(root, "almc");
			for (final var e : root.getSubcommands().entrySet()) check(e.getValue(), e.getKey());
		}
		finally {
			System.setErr(previous);
		}
		assertEquals("", err.toString(StandardCharsets.UTF_8), "picocli complained while formatting help");
	}

	private static void check(final CommandLine cli, final String name) {
		final StringWriter text = new StringWriter();
		cli.setOut(new PrintWriter(text));
		assertEquals(0, cli.execute("--help"), name);
		final String help = text.toString();
		assertFalse(help.isBlank(), name);
		assertFalse(help.contains("%n"), name + ": unformatted description\n" + help);
	}
}
