package org.almc.tf;

import java.util.Arrays;

import org.almc.core.ImageShape;
import org.almc.core.util.Reflection;

/**
 * The one place that knows how flat planes (imglib2 order, X fastest: index {@code x + width y})
 * map to TensorFlow's NHWC tensors with one channel (index {@code ((n H + y) W + x)}), including
 * the mirror padding to the network's size multiple and the crop back.
 * <p>
 * Padding extends the plane to the right and at the bottom by reflection without repeating the
 * edge pixel ({@code ... 2 1 0 1 2 ...}), so padded borders look like image content.
 */
public final class NhwcLayout {

	private NhwcLayout() {}

	/** The NHWC tensor shape {@code [count, height, width, 1]} of {@code count} planes of this size. */
	public static long[] tensorShape(final int count, final int width, final int height) {
		return new long[] { count, height, width, 1 };
	}

	/** The smallest multiple of {@code multiple} that is at least {@code size}. */
	public static int paddedSize(final int size, final int multiple) {
		return (size + multiple - 1) / multiple * multiple;
	}

	/**
	 * Packs {@code planes[from .. from + count)}, each of {@code shape} (2D), into one NHWC buffer
	 * of {@code count x paddedHeight x paddedWidth x 1}, mirror-padding each plane.
	 */
	public static float[] pack(final ImageShape shape, final float[][] planes, final int from, final int count,
		final int paddedWidth, final int paddedHeight)
	{
		return pack(shape, planes, from, count, paddedWidth, paddedHeight, true);
	}

	/** Like {@link #pack} but pads with zeros (the adjoint of {@link #unpack}'s crop). */
	public static float[] packZeroPadded(final ImageShape shape, final float[][] planes, final int from,
		final int count, final int paddedWidth, final int paddedHeight)
	{
		return pack(shape, planes, from, count, paddedWidth, paddedHeight, false);
	}

	private static float[] pack(final ImageShape shape, final float[][] planes, final int from, final int count,
		final int paddedWidth, final int paddedHeight, final boolean mirror)
	{
		final int width = shape.dim(0), height = shape.dim(1);
		checkPadding(width, height, paddedWidth, paddedHeight);
		final float[] nhwc = new float[count * paddedWidth * paddedHeight];
		for (int n = 0; n < count; n++) {
			final float[] plane = checkedPlane(planes, from + n, shape);
			final int base = n * paddedWidth * paddedHeight;
			for (int y = 0; y < (mirror ? paddedHeight : height); y++) {
				final int row = Reflection.wholeSample(y, height) * width;
				final int outRow = base + y * paddedWidth;
				System.arraycopy(plane, row, nhwc, outRow, width);
				if (mirror) for (int x = width; x < paddedWidth; x++) nhwc[outRow + x] = plane[row + Reflection.wholeSample(x, width)];
			}
		}
		return nhwc;
	}

	/** Crops the NHWC buffer written by the network back into {@code out[from .. from + count)}. */
	public static void unpack(final float[] nhwc, final int paddedWidth, final int paddedHeight,
		final ImageShape shape, final float[][] out, final int from, final int count)
	{
		final int width = shape.dim(0), height = shape.dim(1);
		checkPadding(width, height, paddedWidth, paddedHeight);
		for (int n = 0; n < count; n++) {
			final float[] plane = checkedPlane(out, from + n, shape);
			final int base = n * paddedWidth * paddedHeight;
			for (int y = 0; y < height; y++) {
				System.arraycopy(nhwc, base + y * paddedWidth, plane, y * width, width);
			}
		}
	}

	/**
	 * The adjoint of {@link #pack}'s mirror padding: every padded pixel's value is added onto the
	 * pixel it mirrors, so {@code <pack(x), g> = <x, unpackAdjoint(g)>}.
	 */
	public static void unpackAdjoint(final float[] nhwc, final int paddedWidth, final int paddedHeight,
		final ImageShape shape, final float[][] out, final int from, final int count)
	{
		final int width = shape.dim(0), height = shape.dim(1);
		checkPadding(width, height, paddedWidth, paddedHeight);
		for (int n = 0; n < count; n++) {
			final float[] plane = checkedPlane(out, from + n, shape);
			Arrays.fill(plane, 0);
			final int base = n * paddedWidth * paddedHeight;
			for (int y = 0; y < paddedHeight; y++) {
				final int row = Reflection.wholeSample(y, height) * width;
				for (int x = 0; x < paddedWidth; x++) plane[row + Reflection.wholeSample(x, width)] += nhwc[base + y * paddedWidth + x];
			}
		}
	}

	private static float[] checkedPlane(final float[][] planes, final int index, final ImageShape shape) {
		final float[] plane = planes[index];
		if (plane.length != shape.size()) {
			throw new IllegalArgumentException("Plane " + index + " has " + plane.length + " values, expected " + shape
				.size() + " for shape " + shape);
		}
		return plane;
	}

	private static void checkPadding(final int width, final int height, final int paddedWidth,
		final int paddedHeight)
	{
		if (paddedWidth < width || paddedHeight < height) {
			throw new IllegalArgumentException("Padded size " + paddedWidth + "x" + paddedHeight +
				" is smaller than the plane " + width + "x" + height);
		}
	}
}
