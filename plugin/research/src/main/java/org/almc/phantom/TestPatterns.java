package org.almc.phantom;

import java.util.Random;

/**
 * Targets that are not cells, for checking that the prior does not hallucinate cell structure: straight
 * lines of several widths and orientations, a grid, a star (spokes of one width, converging below the
 * resolution limit), and beads of several sizes. Relative intensities: background 0.02, structures up to
 * about 1, blurred by a Gaussian PSF of 1 pixel like {@link FluorescencePhantom}; the same size and seed
 * give the same image.
 */
public final class TestPatterns {

	/** The patterns, by name. */
	public enum Pattern {
		LINES, GRID, STAR, BEADS;

		public String label() {
			return name().toLowerCase();
		}
	}

	/** Background level of every pattern. */
	public static final float BACKGROUND = 0.02f;
	private static final double PSF_SIGMA = 1.0;

	private TestPatterns() {}

	/** Renders {@code pattern} on a {@code size x size} plane, X fastest. */
	public static float[] render(final Pattern pattern, final int size, final long seed) {
		final Random random = new Random(seed);
		final float[] img = new float[size * size];
		switch (pattern) {
			case LINES -> {
				for (int k = 0; k < 8; k++) {
					final double angle = random.nextDouble() * Math.PI, width = 0.6 + 2.4 * random.nextDouble();
					final double cx = size * (0.2 + 0.6 * random.nextDouble()), cy = size * (0.2 + 0.6 * random.nextDouble());
					line(img, size, cx, cy, angle, width, 0.4 + 0.6 * random.nextDouble());
				}
			}
			case GRID -> {
				final int pitch = Math.max(16, size / 8);
				for (int y = 0; y < size; y++) {
					for (int x = 0; x < size; x++) {
						if (x % pitch < 2 || y % pitch < 2) img[x + size * y] = 0.8f;
					}
				}
			}
			case STAR -> {
				final int spokes = 36;
				final double c = (size - 1) / 2.0;
				for (int y = 0; y < size; y++) {
					for (int x = 0; x < size; x++) {
						final double r = Math.hypot(x - c, y - c), phi = Math.atan2(y - c, x - c);
						if (r < 0.45 * size && Math.cos(spokes * phi) > 0) img[x + size * y] = 0.8f;
					}
				}
			}
			case BEADS -> {
				for (int k = 0; k < Math.max(4, size * size / 600); k++) {
					final double radius = 0.5 + 5 * random.nextDouble() * random.nextDouble();
					disc(img, size, size * random.nextDouble(), size * random.nextDouble(), radius, 0.3 + 0.7 * random.nextDouble());
				}
			}
		}
		final float[] blurred = GaussianBlur.blur(img, size, size, PSF_SIGMA);
		for (int i = 0; i < blurred.length; i++) blurred[i] = Math.min(1, blurred[i]) + BACKGROUND;
		return blurred;
	}

	/** Adds a straight line through (cx, cy) across the plane, anti-aliased over its width. */
	private static void line(final float[] img, final int size, final double cx, final double cy, final double angle, final double width,
		final double value)
	{
		final double nx = -Math.sin(angle), ny = Math.cos(angle);
		for (int y = 0; y < size; y++) {
			for (int x = 0; x < size; x++) {
				final double d = Math.abs((x - cx) * nx + (y - cy) * ny);
				final double cover = Math.max(0, Math.min(1, width / 2 + 0.5 - d));
				img[x + size * y] = (float) Math.max(img[x + size * y], value * cover);
			}
		}
	}

	private static void disc(final float[] img, final int size, final double cx, final double cy, final double radius, final double value) {
		final int r = (int) Math.ceil(radius + 1);
		for (int y = (int) cy - r; y <= (int) cy + r; y++) {
			for (int x = (int) cx - r; x <= (int) cx + r; x++) {
				if (x < 0 || y < 0 || x >= size || y >= size) continue;
				final double cover = Math.max(0, Math.min(1, radius + 0.5 - Math.hypot(x - cx, y - cy)));
				img[x + size * y] = (float) Math.max(img[x + size * y], value * cover);
			}
		}
	}
}
