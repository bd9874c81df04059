package org.almc.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelLocatorTest {

	@Test
	void missingOrIncompleteModelFoldersGetClearErrors(@TempDir final Path dir) throws Exception {
		final String missing = assertThrows(RestorationException.class, () -> ModelLocator.locate(dir.resolve("nope").toString())).getMessage();
		assertTrue(missing.contains("does not exist"), missing);
		final String empty = assertThrows(RestorationException.class, () -> ModelLocator.locate(dir.toString())).getMessage();
		assertTrue(empty.contains("no model.json"), empty);
		// a corrupt model: metadata that is not JSON
		Files.writeString(dir.resolve("model.json"), "{ not json");
		final String corrupt = assertThrows(RestorationException.class, () -> ModelLocator.load(ModelLocator.locate(dir.toString()))).getMessage();
		assertTrue(corrupt.startsWith("Cannot load the score model"), corrupt);
	}

	/** One lookup for every command: beside and above the jar first, then ImageJ's folder, the working directory last. */
	@Test
	void theModelBesideTheJarIsFoundFromAnyWorkingDirectory(@TempDir final Path dir) throws Exception {
		final Path fiji = dir.resolve("Fiji.app"), jar = Files.createDirectories(fiji.resolve("jars")).resolve("almc.jar");
		Files.writeString(jar, "");
		final Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
		final List<Path> order = ModelLocator.candidates(jar, null, elsewhere, ModelLocator.DEFAULT_MODEL);
		final Path bundled = fiji.resolve("models").resolve(ModelLocator.DEFAULT_MODEL);
		assertEquals(fiji.resolve("jars/models").resolve(ModelLocator.DEFAULT_MODEL), order.get(0));
		assertEquals(bundled, order.get(1));
		assertEquals(elsewhere.resolve("models").resolve(ModelLocator.DEFAULT_MODEL), order.get(order.size() - 1));
		assertEquals(Paths.get("/ij/models", ModelLocator.DEFAULT_MODEL).toAbsolutePath(), ModelLocator.candidates(jar, "/ij", elsewhere, ModelLocator.DEFAULT_MODEL)
			.get(order.size() - 1));
		// a classes folder (tests, IDEs) counts as the jar's folder
		assertEquals(dir.resolve("models").resolve(ModelLocator.DEFAULT_MODEL), ModelLocator.candidates(fiji, null, elsewhere, ModelLocator.DEFAULT_MODEL).get(1));
		// the shipped model is found from this test's classes folder, whatever the working directory
		assertTrue(Files.isRegularFile(ModelLocator.locate(null).resolve("model.json")));
	}

	/** A model that is nowhere: the error names every place tried, in order, and how to fix it. */
	@Test
	void aMissingModelNamesEveryPlaceTried() {
		org.junit.jupiter.api.Assumptions.assumeTrue(System.getProperty("almc.model") == null, "almc.model overrides the lookup");
		final String m = assertThrows(RestorationException.class, () -> ModelLocator.locate(null, "no-such-model")).getMessage();
		final Path workingDir = Paths.get("").toAbsolutePath();
		assertTrue(m.contains("'no-such-model' was not found"), m);
		assertTrue(m.contains("--model"), m);
		int from = 0;
		for (final Path place : ModelLocator.candidates(Paths.get(ModelLocator.class.getProtectionDomain().getCodeSource().getLocation()
			.getPath()), System.getProperty("ij.dir"), workingDir, "no-such-model"))
		{
			final int at = m.indexOf(place.toString(), from);
			assertTrue(at >= from, "not named in order: " + place + " in " + m);
			from = at;
		}
		assertTrue(m.contains(workingDir.resolve("models/no-such-model").normalize().toString()), m);
	}

	@Test
	void aTensorFlow1JarOnTheClassPathIsDetected(@TempDir final Path dir) throws Exception {
		// a stand-in for libtensorflow-1.15.jar: a class named org.tensorflow.Tensors, compiled here
		final Path src = Files.createDirectories(dir.resolve("src/org/tensorflow")).resolve("Tensors.java");
		Files.writeString(src, "package org.tensorflow; public final class Tensors {}");
		final Path jar = Files.createDirectories(dir.resolve("libtensorflow-1.15.0"));
		assertTrue(javax.tools.ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", jar.toString(), src.toString()) == 0);
		try (URLClassLoader loader = new URLClassLoader(new URL[] { jar.toUri().toURL() }, null)) {
			final String m = assertThrows(RestorationException.class, () -> ModelLocator.checkTensorFlowClash(loader)).getMessage();
			assertTrue(m.contains("TensorFlow 1.x") && m.contains("libtensorflow-1.15.0"), m);
		}
		ModelLocator.checkTensorFlowClash(ModelLocatorTest.class.getClassLoader());
	}

	/** Denoising and deconvolution each find their bundled prior (here: the checkout's models/). */
	@Test
	void eachTaskFindsItsBundledModel() throws RestorationException {
		org.junit.jupiter.api.Assumptions.assumeTrue(System.getProperty("almc.model") == null, "almc.model overrides the bundled models");
		assertEquals(ModelLocator.DEFAULT_MODEL, ModelLocator.locate(null, false).getFileName().toString());
		assertEquals(ModelLocator.DECONVOLUTION_MODEL, ModelLocator.locate(null, true).getFileName().toString());
		assertEquals(ModelLocator.DEFAULT_MODEL, ModelLocator.locate(null).getFileName().toString());
	}
}
