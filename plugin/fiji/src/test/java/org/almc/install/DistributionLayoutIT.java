package org.almc.install;

import org.almc.testing.Project;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The laid-out folders ({@code mvn package}; {@code mvn -Pdist package} for every platform): Fiji's
 * per-platform native folders, no artifact twice, no second version of a jar that Fiji ships (by
 * pom-scijava's managed versions) except the documented ones, and a plain-ImageJ plugins folder with
 * everything the plugin needs.
 */
class DistributionLayoutIT {

	private static final Path FIJI = Paths.get(System.getProperty("almc.fiji.dir", "target/fiji"));
	private static final Path IMAGEJ = Paths.get(System.getProperty("almc.imagej.dir", "target/imagej"));
	private static final Path ROOT = Project.root();
	private static final boolean DIST = Boolean.getBoolean("almc.dist");
	/** Fiji's platform folders and TensorFlow's native classifiers. */
	private static final Map<String, String> PLATFORMS = Map.of("linux64", "linux-x86_64", "linux-arm64", "linux-arm64", "win64",
		"windows-x86_64", "macos-arm64", "macosx-arm64");
	/** Jars shipped at another version than pom-scijava manages, each explained in the README. */
	private static final Map<String, String> EXCEPTIONS = Map.of("protobuf-java", "3.21.9", "javacpp", "1.5.11");
	private static final Pattern JAR = Pattern.compile("(.+?)-(\\d[^-]*(?:-SNAPSHOT)?)(?:-([a-z].*))?\\.jar");

	/** artifactId -> version -> classifier of every jar below {@code dir}, failing on a name it cannot read. */
	private static Map<String, Map<String, Set<String>>> jars(final Path dir) throws IOException {
		final Map<String, Map<String, Set<String>>> found = new TreeMap<>();
		try (Stream<Path> all = Files.walk(dir)) {
			for (final Path p : all.filter(f -> f.toString().endsWith(".jar")).toList()) {
				final String name = p.getFileName().toString();
				if (name.startsWith("almc")) continue;
				final Matcher m = JAR.matcher(name);
				assertTrue(m.matches(), "unexpected jar name " + p);
				found.computeIfAbsent(m.group(1), k -> new TreeMap<>()).computeIfAbsent(m.group(2), k -> new TreeSet<>()).add(
					m.group(3) == null ? "" : m.group(3));
			}
		}
		return found;
	}

	@Test
	void fijiFolderHasEachNativeInItsPlatformFolder() throws IOException {
		assertTrue(Files.isRegularFile(FIJI.resolve("jars/almc.jar")), "jars/almc.jar");
		assertTrue(Files.isRegularFile(FIJI.resolve("models/fluo-score-v2/model.json")), "models/ (the default prior)");
		assertTrue(Files.isRegularFile(FIJI.resolve("models/fluo-score-v2-deconv/model.json")), "models/ (the deconvolution prior)");
		final String host = System.getProperty("almc.fiji.platform", "linux64");
		final String hostClassifier = System.getProperty("almc.native.classifier", PLATFORMS.get(host));
		for (final Map.Entry<String, String> p : PLATFORMS.entrySet()) {
			final String classifier = p.getKey().equals(host) ? hostClassifier : p.getValue();
			final Path nativeJar = FIJI.resolve("jars").resolve(p.getKey()).resolve("tensorflow-core-native-1.1.0-" + classifier + ".jar");
			if (DIST || p.getKey().equals(host)) assertTrue(Files.isRegularFile(nativeJar), "missing " + nativeJar);
		}
		try (Stream<Path> flat = Files.list(FIJI.resolve("jars"))) {
			for (final Path p : flat.toList()) {
				final String name = p.getFileName().toString();
				assertTrue(Files.isDirectory(p) ? PLATFORMS.containsKey(name) : !name.matches("tensorflow-core-native-.*-(linux|windows|macosx).*\\.jar"),
					"a native or folder outside Fiji's platform folders: " + p);
			}
		}
	}

	/**
	 * Both folders carry the plugin's own modules that Fiji needs (core, TensorFlow prior, restoration API) and
	 * nothing of the command line tool or the research module (bench, train, validate, phantoms).
	 */
	@Test
	void pluginFoldersCarryOnlyWhatFijiNeeds() throws IOException {
		for (final Path folder : List.of(FIJI.resolve("jars"), IMAGEJ.resolve("plugins/jars"))) {
			final Set<String> names;
			try (Stream<Path> all = Files.list(folder)) {
				names = all.map(p -> p.getFileName().toString()).collect(java.util.stream.Collectors.toSet());
			}
			for (final String module : List.of("almc-core", "almc-tensorflow", "almc-restore")) {
				assertTrue(names.stream().anyMatch(n -> n.startsWith(module + "-")), folder + " lacks " + module + ": " + names);
			}
			for (final String absent : List.of("almc-research", "almc-cli", "almc-testing", "picocli")) {
				assertTrue(names.stream().noneMatch(n -> n.startsWith(absent + "-")), folder + " holds " + absent + ": " + names);
			}
		}
	}

	@Test
	void noArtifactTwiceAndNoSecondVersionOfWhatFijiShips() throws IOException {
		final Map<String, String> managed = managedVersions(Paths.get(System.getProperty("almc.pom.scijava")));
		final Map<String, String> differing = new TreeMap<>();
		for (final Path folder : List.of(FIJI.resolve("jars"), IMAGEJ.resolve("plugins"))) {
			for (final Map.Entry<String, Map<String, Set<String>>> a : jars(folder).entrySet()) {
				assertEquals(1, a.getValue().size(), "two versions of " + a.getKey() + " in " + folder + ": " + a.getValue());
				final String version = a.getValue().keySet().iterator().next();
				final String fiji = managed.get(a.getKey());
				if (fiji != null && !fiji.equals(version)) differing.put(a.getKey(), version);
			}
		}
		assertEquals(EXCEPTIONS, differing, "jars at another version than pom-scijava's: each must be explained in the README");
		final String readme = Files.readString(ROOT.resolve("README.md"));
		for (final Map.Entry<String, String> e : EXCEPTIONS.entrySet()) {
			assertTrue(readme.contains(e.getKey() + " " + e.getValue()), "README does not explain " + e.getKey() + " " + e.getValue());
		}
	}

	@Test
	void plainImageJFolderHoldsEverythingThePluginNeeds() throws IOException {
		try (JarFile adapter = new JarFile(IMAGEJ.resolve("plugins/almc-IJ1_adapter.jar").toFile())) {
			assertTrue(adapter.getEntry("plugins.config") != null, "the adapter jar has no plugins.config");
		}
		assertTrue(Files.isRegularFile(IMAGEJ.resolve("plugins/almc.jar")));
		final Set<String> have = jars(IMAGEJ.resolve("plugins/jars")).keySet();
		for (final String need : List.of("scijava-common", "parsington", "gson", "imglib2", "tensorflow-core-api",
			"tensorflow-core-native", "ndarray", "javacpp", "protobuf-java", "JTransforms", "JLargeArrays")) {
			assertTrue(have.contains(need), "plugins/jars lacks " + need + ": " + have);
		}
		assertTrue(!have.contains("ij"), "ImageJ itself must not be in its plugins folder");
	}

	/** artifactId -> version from pom-scijava's properties ({@code <artifactId.version>}, with one level of ${...}). */
	private static Map<String, String> managedVersions(final Path pom) throws IOException {
		final String text = Files.readString(pom);
		final Map<String, String> properties = new HashMap<>();
		final Matcher m = Pattern.compile("<([A-Za-z0-9_.-]+)\\.version>([^<]+)</").matcher(text);
		while (m.find()) properties.putIfAbsent(m.group(1), m.group(2).trim());
		final Map<String, String> resolved = new HashMap<>();
		for (final Map.Entry<String, String> e : properties.entrySet()) {
			String v = e.getValue();
			for (int i = 0; i < 3 && v.startsWith("${"); i++) {
				final String key = v.substring(2, v.length() - 1);
				v = properties.getOrDefault(key.endsWith(".version") ? key.substring(0, key.length() - ".version".length()) : key, v);
			}
			if (!v.startsWith("${")) resolved.put(e.getKey(), v);
		}
		return resolved;
	}
}
