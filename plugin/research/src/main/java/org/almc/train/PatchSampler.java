package org.almc.train;

import java.util.List;
import java.util.Random;

import org.almc.core.util.Reflection;

/**
 * Draws square training patches from the images, never overlapping their held-out strips, with a random one of the
 * 8 flips/90-degree rotations and an intensity jitter {@code a x + b}; optionally, a real image's patch is drawn from a
 * larger square and area-averaged down to the patch (a zoom out: thinner structures, and less of the image's own noise).
 */
public final class PatchSampler {

	private final List<TrainingImage> realImages;
	private final List<TrainingImage> phantoms;
	private final double phantomFraction;
	private final double jitterScale;
	private final double jitterOffset;
	private final double zoomOutFraction;
	private final double zoomOutMax;

	/**
	 * @param phantomFraction probability that a patch comes from a phantom (0 if there are none)
	 * @param jitterScale {@code a} is uniform in {@code [1 - jitterScale, 1 + jitterScale]}
	 * @param jitterOffset {@code b} is uniform in {@code [-jitterOffset, jitterOffset]}
	 */
	public PatchSampler(final List<TrainingImage> realImages, final List<TrainingImage> phantoms,
		final double phantomFraction, final double jitterScale, final double jitterOffset)
	{
		this(realImages, phantoms, phantomFraction, jitterScale, jitterOffset, 0, 1);
	}

	/**
	 * @param zoomOutFraction probability that a real image's patch is zoomed out (0: never, and no random draws are
	 *          spent on it, so runs without it resume exactly as before it existed)
	 * @param zoomOutMax a zoomed-out patch covers a square {@code z} times the patch's side, {@code z} uniform in
	 *          {@code [1, zoomOutMax]}, area-averaged down to the patch; where the image cannot hold that square
	 *          outside its held-out strip the patch is drawn as it is
	 */
	public PatchSampler(final List<TrainingImage> realImages, final List<TrainingImage> phantoms,
		final double phantomFraction, final double jitterScale, final double jitterOffset, final double zoomOutFraction,
		final double zoomOutMax)
	{
		checkZoomOut(zoomOutFraction, zoomOutMax);
		this.zoomOutFraction = zoomOutFraction;
		this.zoomOutMax = zoomOutMax;
		if (realImages.isEmpty() && phantoms.isEmpty()) throw new IllegalArgumentException("No training images");
		this.realImages = realImages;
		this.phantoms = phantoms;
		this.phantomFraction = realImages.isEmpty() ? 1 : phantoms.isEmpty() ? 0 : phantomFraction;
		this.jitterScale = jitterScale;
		this.jitterOffset = jitterOffset;
	}

	/** Throws, naming the setting, unless the zoom-out fraction is in [0, 1] and its largest factor in [1, 8]. */
	static void checkZoomOut(final double fraction, final double max) {
		if (!(fraction >= 0 && fraction <= 1 && max >= 1 && max <= 8)) {
			throw new IllegalArgumentException("The zoom out (--zoom-out FRACTION,MAX) needs a fraction in [0, 1] and a largest factor in [1, 8], got " +
				fraction + " and " + max);
		}
	}

	/**
	 * An image of {@code pool} with probability proportional to its weight; with equal weights one
	 * uniform draw, as before weights existed (so earlier runs resume the same).
	 */
	private static TrainingImage pick(final List<TrainingImage> pool, final Random random) {
		double total = 0;
		boolean uniform = true;
		for (final TrainingImage img : pool) {
			total += img.weight;
			uniform &= img.weight == pool.get(0).weight;
		}
		if (uniform) return pool.get(random.nextInt(pool.size()));
		double u = random.nextDouble() * total;
		for (final TrainingImage img : pool) {
			u -= img.weight;
			if (u < 0) return img;
		}
		return pool.get(pool.size() - 1);
	}

	/**
	 * Writes one {@code size x size} patch (X fastest) into {@code out} at {@code offset}; returns the image it came from.
	 * Where neither side of an image's held-out strip, or the image's height, holds the patch, the patch covers that
	 * extent whole and is completed by mirroring it (half-sample reflection, at a random phase), so that small
	 * images can stay in a run on large patches; images that hold the patch are drawn exactly as before.
	 */
	public TrainingImage sample(final Random random, final int size, final float[] out, final int offset) {
		final List<TrainingImage> pool = random.nextDouble() < phantomFraction ? phantoms : realImages;
		final TrainingImage img = pick(pool, random);
		if (zoomOutFraction > 0 && pool == realImages && random.nextDouble() < zoomOutFraction) {
			final double zoom = 1 + (zoomOutMax - 1) * random.nextDouble();
			final int extent = (int) Math.ceil(size * zoom);
			if (extent > size && zoomedOut(img, random, size, extent, out, offset)) return img;
		}
		final int besideStrip = columnBesideStrip(img, size, random);
		final boolean mirrorX = besideStrip < 0, mirrorY = img.height < size;
		final int xFrom, xExtent;
		if (!mirrorX) {
			xFrom = besideStrip;
			xExtent = size;
		}
		else {
			final boolean leftSide = img.validationFrom >= img.width - img.validationTo;
			xFrom = leftSide ? 0 : img.validationTo;
			xExtent = leftSide ? img.validationFrom : img.width - img.validationTo;
			if (xExtent < 1) throw new IllegalArgumentException("No pixels outside the held-out strip of " + img.name);
		}
		final int yExtent = mirrorY ? img.height : size;
		final int y0 = mirrorY ? 0 : random.nextInt(img.height - size + 1);
		final int phaseX = mirrorX ? random.nextInt(2 * xExtent) : 0, phaseY = mirrorY ? random.nextInt(2 * yExtent) : 0;
		final int transform = random.nextInt(8);
		final float a = (float) (1 + jitterScale * (2 * random.nextDouble() - 1));
		final float b = (float) (jitterOffset * (2 * random.nextDouble() - 1));
		for (int y = 0; y < size; y++) {
			for (int x = 0; x < size; x++) {
				final int turned = turned(x, y, size, transform), u = turned % size, v = turned / size;
				final int px = xFrom + (mirrorX ? Reflection.halfSample(u + phaseX, xExtent) : u);
				final int py = y0 + (mirrorY ? Reflection.halfSample(v + phaseY, yExtent) : v);
				out[offset + y * size + x] = a * img.pixels[py * img.width + px] + b;
			}
		}
		return img;
	}

	/**
	 * Draws an {@code extent x extent} square of {@code img} beside its held-out strip and writes its area average on a
	 * {@code size x size} grid (each output pixel the mean of the {@code extent / size}-wide cell it covers, fractional
	 * pixels weighted by their overlap), flipped or turned and jittered as {@link #sample} does; false, drawing
	 * nothing more, where the image cannot hold the square.
	 */
	private boolean zoomedOut(final TrainingImage img, final Random random, final int size, final int extent,
		final float[] out, final int offset)
	{
		if (img.height < extent) return false;
		final int x0 = columnBesideStrip(img, extent, random);
		if (x0 < 0) return false;
		final int y0 = random.nextInt(img.height - extent + 1);
		final int transform = random.nextInt(8);
		final float a = (float) (1 + jitterScale * (2 * random.nextDouble() - 1));
		final float b = (float) (jitterOffset * (2 * random.nextDouble() - 1));
		final double[][] weights = areaWeights(extent, size);
		final float[] rows = new float[size * extent]; // averaged along y first: size rows of extent pixels
		for (int v = 0; v < size; v++) {
			final double[] wy = weights[v];
			for (int py = 0; py < extent; py++) {
				if (wy[py] == 0) continue;
				final int base = (y0 + py) * img.width + x0;
				for (int px = 0; px < extent; px++) rows[v * extent + px] += (float) (wy[py] * img.pixels[base + px]);
			}
		}
		for (int y = 0; y < size; y++) {
			for (int x = 0; x < size; x++) {
				final int turned = turned(x, y, size, transform), u = turned % size, v = turned / size;
				final double[] wx = weights[u];
				double sum = 0;
				for (int px = 0; px < extent; px++) if (wx[px] != 0) sum += wx[px] * rows[v * extent + px];
				out[offset + y * size + x] = a * (float) sum + b;
			}
		}
		return true;
	}

	/**
	 * A random first column of {@code extent} columns on either side of the held-out strip (left: {@code [0,
	 * validationFrom - extent]}; right: {@code [validationTo, width - extent]}), all positions equally likely; -1, drawing
	 * nothing, where neither side holds them.
	 */
	private static int columnBesideStrip(final TrainingImage img, final int extent, final Random random) {
		final int left = Math.max(0, img.validationFrom - extent + 1);
		final int right = Math.max(0, img.width - extent - img.validationTo + 1);
		if (left + right == 0) return -1;
		final int k = random.nextInt(left + right);
		return k < left ? k : img.validationTo + (k - left);
	}

	/** Where pixel {@code (x, y)} of a patch reads under flip or turn {@code transform} (0-7): {@code u + size v}. */
	private static int turned(final int x, final int y, final int size, final int transform) {
		int u = x, v = y;
		if ((transform & 1) != 0) u = size - 1 - u;
		if ((transform & 2) != 0) v = size - 1 - v;
		if ((transform & 4) != 0) {
			final int t = u;
			u = v;
			v = t;
		}
		return u + size * v;
	}

	/** {@code w[i][p]}: the share of source pixel {@code p} in output cell {@code i}, each row summing to 1. */
	static double[][] areaWeights(final int extent, final int size) {
		final double cell = (double) extent / size;
		final double[][] w = new double[size][extent];
		for (int i = 0; i < size; i++) {
			final double from = i * cell, to = (i + 1) * cell;
			for (int p = (int) Math.floor(from); p < Math.min(extent, (int) Math.ceil(to)); p++) {
				w[i][p] = (Math.min(to, p + 1) - Math.max(from, p)) / cell;
			}
		}
		return w;
	}
}
