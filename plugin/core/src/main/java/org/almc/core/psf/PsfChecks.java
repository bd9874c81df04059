package org.almc.core.psf;

/** Parameter validation with messages naming the parameter, the bad value and the valid range. */
final class PsfChecks {

	private PsfChecks() {}

	static void positive(final String name, final double value) {
		if (!(value > 0) || !Double.isFinite(value)) {
			throw new IllegalArgumentException(name + " = " + value + " is invalid: it must be finite and > 0");
		}
	}

	static void nonNegative(final String name, final double value) {
		if (!(value >= 0) || !Double.isFinite(value)) {
			throw new IllegalArgumentException(name + " = " + value + " is invalid: it must be finite and >= 0");
		}
	}

	static void atLeast(final String name, final double value, final double min) {
		if (!(value >= min) || !Double.isFinite(value)) {
			throw new IllegalArgumentException(name + " = " + value + " is invalid: it must be finite and >= " + min);
		}
	}

	static void oddPositive(final String name, final int value) {
		if (value < 1 || value % 2 == 0) {
			throw new IllegalArgumentException(name + " = " + value + " is invalid: it must be odd and >= 1 (1, 3, 5, ...)" +
				" so that the PSF centre is the middle pixel");
		}
	}
}
