package org.almc.restore;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;

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
}
