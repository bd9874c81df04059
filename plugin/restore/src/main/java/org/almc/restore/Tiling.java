package org.almc.restore;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a plane into overlapping tiles and blends per-tile results back: in the overlap, weights
 * ramp linearly from one tile to the next, so seams do not show; at the image border weights stay 1.
 */
final class Tiling {

	/** A tile: origin and size in the plane. */
	record Tile(int x, int y, int width, int height) {}

	private final int width;
	private final int height;
	private final int overlap;
	private final List<Tile> tiles = new ArrayList<>();

	/**
	 * @param tileSize the largest tile side; a plane that fits is one tile
	 * @param overlap overlap between neighbouring tiles (less than half the tile size)
	 */
	Tiling(final int width, final int height, final int tileSize, final int overlap) {
		if (overlap * 2 >= tileSize) throw new IllegalArgumentException("Tile overlap " + overlap + " must be under half the tile size " + tileSize);
		this.width = width;
		this.height = height;
		this.overlap = overlap;
		final int tileWidth = tileLength(width, tileSize, overlap), tileHeight = tileLength(height, tileSize, overlap);
		for (final int y : starts(height, tileSize, overlap)) {
			for (final int x : starts(width, tileSize, overlap)) tiles.add(new Tile(x, y, tileWidth, tileHeight));
		}
	}

	/**
	 * Tile length along one axis: the fewest tiles of at most {@code tile} pixels that overlap by at
	 * least {@code overlap}, all of one length, evenly spaced ({@link #starts}), so no pixel is sampled
	 * more often than the overlap needs (a 1024-pixel axis with 512-pixel tiles and 32 of overlap gets
	 * three 364-pixel tiles, not three of 512). Rounded up to a multiple of 4 where that still fits,
	 * which the network's padding favours.
	 */
	static int tileLength(final int size, final int tile, final int overlap) {
		if (size <= tile) return size;
		final int k = tileCount(size, tile, overlap);
		int length = (int) Math.ceil((size + (k - 1) * (double) overlap) / k);
		if ((length + 3) / 4 * 4 <= tile) length = (length + 3) / 4 * 4;
		return length;
	}

	private static int tileCount(final int size, final int tile, final int overlap) {
		return size <= tile ? 1 : (int) Math.ceil((size - overlap) / (double) (tile - overlap));
	}

	/** Evenly spaced origins of {@link #tileLength}-long tiles covering {@code size} pixels. */
	private static List<Integer> starts(final int size, final int tile, final int overlap) {
		final List<Integer> s = new ArrayList<>();
		final int k = tileCount(size, tile, overlap), length = tileLength(size, tile, overlap);
		if (k == 1) {
			s.add(0);
			return s;
		}
		for (int i = 0; i < k; i++) s.add((int) Math.round(i * (size - length) / (double) (k - 1)));
		return s;
	}

	List<Tile> tiles() {
		return tiles;
	}

	/** The blending weight of tile pixel {@code (i, j)}. */
	float weight(final Tile t, final int i, final int j) {
		return ramp(i, t.width(), t.x() == 0, t.x() + t.width() == width) * ramp(j, t.height(), t.y() == 0, t.y() + t.height() == height);
	}

	private float ramp(final int i, final int n, final boolean atStart, final boolean atEnd) {
		float w = 1;
		if (!atStart) w = Math.min(w, (i + 0.5f) / overlap);
		if (!atEnd) w = Math.min(w, (n - i - 0.5f) / overlap);
		return Math.max(w, 0f);
	}

	/** Copies the tile's pixels of each of {@code depth} planes out of a volume {@code width x height x depth}. */
	float[] extract(final float[] volume, final int depth, final Tile t) {
		final float[] out = new float[t.width() * t.height() * depth];
		for (int z = 0; z < depth; z++) {
			for (int j = 0; j < t.height(); j++) {
				System.arraycopy(volume, z * width * height + (t.y() + j) * width + t.x(), out, (z * t.height() + j) * t.width(), t.width());
			}
		}
		return out;
	}

	/** Adds {@code weight * values} of a tile into {@code sum} and the weights into {@code weights}. */
	void accumulate(final float[] values, final int depth, final Tile t, final double[] sum, final double[] weights) {
		for (int z = 0; z < depth; z++) {
			for (int j = 0; j < t.height(); j++) {
				for (int i = 0; i < t.width(); i++) {
					final float w = weight(t, i, j);
					final int dst = z * width * height + (t.y() + j) * width + t.x() + i;
					sum[dst] += w * values[(z * t.height() + j) * t.width() + i];
					if (weights != null) weights[dst] += w;
				}
			}
		}
	}
}
