package org.almc.install;

import java.nio.file.Files;
import java.nio.file.Paths;

import net.imagej.patcher.LegacyEnvironment;

/**
 * Runs one macro file in real ImageJ 1.x, headless, in its own JVM: {@code java -Dplugins.dir=DIR
 * -cp ij.jar:ij1-patcher.jar:javassist.jar:... org.almc.install.HeadlessImageJ macro.ijm}. ImageJ finds
 * the plugins in {@code plugins.dir} the way an installation does. Plain {@code ImageJ -batch} cannot be
 * used headless: it fails on the first {@code run(...)} with a HeadlessException (and still exits 0),
 * so ij1-patcher's headless mode stands in for a display.
 */
public final class HeadlessImageJ {

	private HeadlessImageJ() {}

	public static void main(final String[] args) throws Exception {
		final String macro = Files.readString(Paths.get(args[0]));
		new LegacyEnvironment(null, true).runMacro(macro, args.length > 1 ? args[1] : "");
		System.out.println("[macro ended]");
		System.exit(0);
	}
}
