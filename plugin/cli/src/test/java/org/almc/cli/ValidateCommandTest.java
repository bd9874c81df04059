package org.almc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import picocli.CommandLine;

class ValidateCommandTest {

	@Test
	void writesTheDocumentedJsonAndATable(@TempDir final Path dir) throws Exception {
		final Path json = dir.resolve("out/validate.json");
		final StringWriter text = new StringWriter();
		final CommandLine cli = new CommandLine(new AlmcCli());
		cli.setOut(new PrintWriter(text));
		final int code = cli.execute("validate", "--json", json.toString(), "--levels", "60", "--gaussian-chains", "300",
			"--mixture-chains", "200");
		assertEquals(0, code, text.toString());
		final JsonObject root = JsonParser.parseString(Files.readString(json)).getAsJsonObject();
		final JsonObject g = root.getAsJsonObject("gaussian");
		assertEquals(64, g.get("dim").getAsInt());
		assertEquals(300, g.get("chains").getAsInt());
		assertTrue(g.get("mean_max_z").getAsDouble() >= 0);
		assertTrue(g.get("cov_rel_frobenius").getAsDouble() > 0);
		final JsonObject m = root.getAsJsonObject("mixture");
		assertEquals(3, m.getAsJsonArray("exact_weights").size());
		assertEquals(3, m.getAsJsonArray("almc_weights").size());
		assertTrue(m.get("almc_tv").getAsDouble() >= 0);
		for (final String b : new String[] { "dps", "langevin" }) {
			final JsonObject baseline = m.getAsJsonObject("baselines").getAsJsonObject(b);
			assertEquals(3, baseline.getAsJsonArray("weights").size(), b);
			assertTrue(baseline.get("tv").getAsDouble() >= 0, b);
		}
		assertTrue(text.toString().contains("mean: max |error| / standard error"), text.toString());
		// no partial file left beside the result
		try (var files = Files.list(json.getParent())) {
			assertEquals(1, files.count());
		}
	}

	@Test
	void helpListsTheCommand() {
		final StringWriter text = new StringWriter();
		final CommandLine cli = new CommandLine(new AlmcCli());
		cli.setOut(new PrintWriter(text));
		assertEquals(0, cli.execute("--help"));
		assertTrue(text.toString().contains("validate"), text.toString());
	}
}
