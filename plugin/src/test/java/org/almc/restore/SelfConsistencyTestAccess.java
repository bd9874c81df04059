package org.almc.restore;

import java.nio.file.Path;

/** The shipped model's folder as the restoration tests find it, for tests in other packages. */
public final class SelfConsistencyTestAccess {

	private SelfConsistencyTestAccess() {}

	public static Path model() {
		return SelfConsistencyTest.MODEL;
	}
}
