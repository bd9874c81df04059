package org.almc.core;

import java.util.Arrays;

/**
 * The dimensions of one image plane or volume, X fastest (imglib2 order): {@code dims[0]} is the
 * width, {@code dims[1]} the height, {@code dims[2]} (if present) the depth. Pixel data of this
 * shape is stored flat, index {@code x + nx * (y + ny * z)}.
 */
public final class ImageShape {

	private final int[] dims;
	private final int size;

	public ImageShape(final int... dims) {
		if (dims.length < 1 || dims.length > 3) {
			throw new IllegalArgumentException("An image has 1, 2 or 3 dimensions, not " + dims.length);
		}
		long n = 1;
		for (final int d : dims) {
			if (d < 1) throw new IllegalArgumentException("Image dimensions must be positive: " + Arrays.toString(dims));
			n *= d;
		}
		if (n > Integer.MAX_VALUE - 8) {
			throw new IllegalArgumentException("Image of " + n + " pixels is too large for one block; tile it: " + Arrays.toString(dims));
		}
		this.dims = dims.clone();
		this.size = (int) n;
	}

	public int numDimensions() {
		return dims.length;
	}

	public int dim(final int d) {
		return dims[d];
	}

	public int[] dims() {
		return dims.clone();
	}

	/** Number of pixels. */
	public int size() {
		return size;
	}

	@Override
	public boolean equals(final Object o) {
		return o instanceof ImageShape && Arrays.equals(dims, ((ImageShape) o).dims);
	}

	@Override
	public int hashCode() {
		return Arrays.hashCode(dims);
	}

	@Override
	public String toString() {
		final StringBuilder b = new StringBuilder();
		for (int d = 0; d < dims.length; d++) b.append(d == 0 ? "" : "x").append(dims[d]);
		return b.toString();
	}
}
