package org.almc.core.util;

/**
 * Index reflection at image borders, in the two conventions the code uses, each under its own name.
 * For {@code n = 4}, indices {@code -2 -1 | 0 1 2 3 | 4 5} map to
 * <ul>
 * <li>{@link #halfSample}: {@code 1 0 | 0 1 2 3 | 3 2}: the edge pixel repeated (reflection about the
 * pixel edge; the DCT-II's symmetry, which mirror-boundary convolution and its DCT path rely on);</li>
 * <li>{@link #wholeSample}: {@code 2 1 | 0 1 2 3 | 2 1}: the edge pixel not repeated (reflection about the
 * pixel centre; what the network's input padding and the phantoms' blur use).</li>
 * </ul>
 */
public final class Reflection {

	private Reflection() {}

	/** Half-sample symmetric reflection of any index {@code j} into {@code [0, n)}, {@code n >= 1}. */
	public static int halfSample(final int j, final int n) {
		final int m = Math.floorMod(j, 2 * n);
		return m < n ? m : 2 * n - 1 - m;
	}

	/** Whole-sample symmetric reflection of any index {@code j} into {@code [0, n)}, {@code n >= 1}. */
	public static int wholeSample(final int j, final int n) {
		if (n == 1) return 0;
		final int period = 2 * (n - 1);
		final int m = Math.floorMod(j, period);
		return m < n ? m : period - m;
	}
}
