package org.almc.core.util;

import org.almc.core.ImageShape;

/**
 * The symmetries of the square (flips and quarter turns) that map an image of a given shape onto
 * itself, applied to every XY plane: all 8 where the planes are square, else the 4 that keep the width
 * and height (identity, the two flips, the half turn). Transform {@code g} first swaps X and Y (bit 2,
 * square planes only), then mirrors X (bit 0), then Y (bit 1).
 */
public final class PlaneSymmetries {

	private final int nx, ny, planes;
	private final int count;

	public PlaneSymmetries(final ImageShape shape) {
		this.nx = shape.dim(0);
		this.ny = shape.numDimensions() > 1 ? shape.dim(1) : 1;
		this.planes = shape.size() / (nx * ny);
		this.count = nx == ny ? 8 : 4;
	}

	/** How many transforms map this shape onto itself (4 or 8). */
	public int count() {
		return count;
	}

	/** {@code out = g(in)}: the pixel at {@code (x, y)} of {@code in} moves to {@code g(x, y)}. */
	public void apply(final int g, final float[] in, final float[] out) {
		map(g, in, out, false);
	}

	/** {@code out = g^-1(in)}, undoing {@link #apply}. */
	public void undo(final int g, final float[] in, final float[] out) {
		map(g, in, out, true);
	}

	private void map(final int g, final float[] in, final float[] out, final boolean inverse) {
		if (g < 0 || g >= count) throw new IllegalArgumentException("Transform " + g + " is not one of this shape's " + count);
		final boolean flipX = (g & 1) != 0, flipY = (g & 2) != 0, swap = (g & 4) != 0;
		final int plane = nx * ny;
		for (int z = 0; z < planes; z++) {
			final int offset = z * plane;
			for (int y = 0; y < ny; y++) {
				for (int x = 0; x < nx; x++) {
					// (x, y) in the source; (tx, ty) where g sends it
					final int sx = swap ? y : x, sy = swap ? x : y;
					final int tx = flipX ? nx - 1 - sx : sx, ty = flipY ? ny - 1 - sy : sy;
					final int from = offset + x + nx * y, to = offset + tx + nx * ty;
					if (inverse) out[from] = in[to];
					else out[to] = in[from];
				}
			}
		}
	}
}
