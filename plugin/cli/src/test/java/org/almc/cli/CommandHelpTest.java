package org.almc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

/**
 * The command line as users meet it: every command's help renders cleanly (picocli formats descriptions,
 * so a bare {@code %} breaks them), and a failure the user can fix is one line, not a stack trace.
 */
class CommandHelpTest {

	@Test
	void anOutputPathBlockedByAFileIsOneLineNamingIt(@TempDir final Path dir) throws Exception {
		final Path file = Files.writeString(dir.resolve("results"), "not a folder");
		final String message = refusal(1, List.of("validate", "--json", file.resolve("validate.json").toString(), "--levels", "20",
			"--gaussian-chains", "50", "--mixture-chains", "50"));
		assertTrue(message.startsWith("almc validate: ") && message.contains(file.toString()), message);
	}

	@Test
	void trainRefusesSettingsItCannotTrainBeforeReadingAnything(@TempDir final Path dir) {
		for (final String[] args : new String[][] { { "--sigma-min", "5", "--sigma-max", "3" }, { "--phantom-fraction", "1.5" },
			{ "--noise-floor", "100" } }) {
			final List<String> line = new ArrayList<>(List.of("train", "--data", dir.resolve("no-data").toString(), "--out", dir.resolve("model")
				.toString(), "--checkpoints", dir.resolve("ckpt").toString()));
			line.addAll(List.of(args));
			final String message = refusal(1, line);
			final String value = String.valueOf(Double.parseDouble(args[1]));
			assertTrue(message.startsWith("almc train: ") && message.contains(args[0]) && message.contains(value), message);
			assertFalse(Files.exists(dir.resolve("ckpt")) || Files.exists(dir.resolve("model")), "a refused run writes nothing");
		}
	}

	@Test
	void benchNamesTheChoicesOfAnOptionItCannotTake(@TempDir final Path dir) {
		for (final String[] args : new String[][] { { "--photons", "500" }, { "--images", "others" }, { "--tasks", "deblur" }, { "--images",
			"other-labs", "--speed-only" }, { "--images", "strips", "--speed-only" } }) {
			final List<String> line = new ArrayList<>(List.of("bench", "--json", dir.resolve("b.json").toString()));
			line.addAll(List.of(args));
			final String message = refusal(2, line);
			assertTrue(message.contains(args[0] + " takes") && message.contains(args[1]), message);
			assertFalse(Files.exists(dir.resolve("b.json")), "a refused run writes nothing");
		}
	}

	/**
	 * Runs {@code line} as the command line does, asserts it exits with {@code code} and without a stack trace,
	 * and returns what it wrote to standard error, trimmed.
	 */
	private static String refusal(final int code, final List<String> line) {
		final StringWriter out = new StringWriter(), err = new StringWriter();
		final CommandLine cli = AlmcCli.commandLine();
		cli.setOut(new PrintWriter(out));
		cli.setErr(new PrintWriter(err));
		assertEquals(code, cli.execute(line.toArray(String[]::new)), out + "\n" + err);
		final String message = err.toString().trim();
		assertFalse(message.contains("\tat ") || message.contains("Exception"), message);
		return message;
	}

	@Test
	void everyCommandsHelpFormatsWithoutWarnings() {
		final CommandLine root = AlmcCli.commandLine();
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
