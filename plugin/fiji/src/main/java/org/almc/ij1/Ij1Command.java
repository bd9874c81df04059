package org.almc.ij1;

import java.util.Locale;
import java.util.Map;

import ij.IJ;
import ij.Macro;
import ij.plugin.PlugIn;

/**
 * Runs the commands in plain ImageJ 1.x (no SciJava), registered through {@code plugins.config} of the
 * separate {@code almc-IJ1_adapter.jar}, which Fiji installations do not get (Fiji finds the SciJava
 * commands themselves, so each command shows once). The macro keys are the same as in Fiji.
 * <p>
 * A failure is never silent: the reason is shown (or printed, headless) and a running macro is aborted,
 * so that it does not go on with the wrong image. Where the installation lacks a jar (the classes of
 * SciJava, TensorFlow, ...), the message names it and where it belongs. This class uses ImageJ only, so
 * that it always loads.
 */
public final class Ij1Command implements PlugIn {

	/** The jar that holds each package the plugin needs, for the message when one is missing. */
	private static final Map<String, String> JARS = Map.ofEntries(Map.entry("org/scijava/parsington", "parsington"),
		Map.entry("org/scijava", "scijava-common"), Map.entry("org/tensorflow/ndarray", "ndarray"),
		Map.entry("org/tensorflow/internal/c_api", "tensorflow-core-native"), Map.entry("org/tensorflow", "tensorflow-core-api"),
		Map.entry("org/bytedeco/javacpp", "javacpp"), Map.entry("com/google/protobuf", "protobuf-java"),
		Map.entry("com/google/gson", "gson"), Map.entry("org/apache/commons/math3", "commons-math3"),
		Map.entry("org/jtransforms", "JTransforms"), Map.entry("pl/edu/icm/jlargearrays", "JLargeArrays"),
		Map.entry("net/imglib2", "imglib2"), Map.entry("picocli", "picocli"), Map.entry("org/almc", "almc"));

	@Override
	public void run(final String arg) {
		try {
			Ij1Runner.run(arg);
		}
		catch (final LinkageError e) {
			fail(missing(e));
		}
	}

	/**
	 * Shows {@code message} as an error (also on standard error and in the Log, for headless and batch
	 * runs) and aborts the macro that called the command, if any.
	 */
	static void fail(final String message) {
		fail(message, true);
	}

	/** As {@link #fail(String)}, with the error dialog only where {@code show} (a command may have shown its own). */
	static void fail(final String message, final boolean show) {
		System.err.println("Posterior Sampling: " + message);
		IJ.log("Posterior Sampling: " + message);
		if (show) IJ.error("Posterior Sampling", message);
		if (Macro.getOptions() != null || IJ.isMacro()) Macro.abort();
	}

	/** The message for a class that could not be loaded: which jar is missing, and where it belongs. */
	static String missing(final LinkageError e) {
		final String text = String.valueOf(e.getMessage()).replace('.', '/');
		String jar = null;
		int best = -1;
		for (final Map.Entry<String, String> entry : JARS.entrySet()) {
			if (text.contains(entry.getKey()) && entry.getKey().length() > best) {
				jar = entry.getValue();
				best = entry.getKey().length();
			}
		}
		return String.format(Locale.ROOT, "the plugin cannot start: %s (%s). %s Copy every jar of the ALMC ImageJ folder's " +
			"plugins/jars/ into ImageJ's plugins/jars/ and restart ImageJ (README, Installation).", e.getClass().getSimpleName(),
			e.getMessage(), jar == null ? "A jar it needs is missing or of the wrong version." : "The jar " + jar + "-*.jar is missing " +
				"or of the wrong version.");
	}
}
