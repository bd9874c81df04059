package org.almc.restore;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.util.Fraction;
import net.imglib2.view.Views;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.FloatProcessor;

/**
 * The restoration's imglib2 boundary, for scripts that hold an {@code Img} (or any
 * {@code RandomAccessibleInterval} of real pixels) rather than an ImagePlus. The axes are named by a
 * string: {@code X} and {@code Y} first, then any of {@code C}, {@code Z} and {@code T}, in that order
 * ({@code "XY"}, {@code "XYZ"}, {@code "XYCZT"}, ...). Planes are read through views (slices of the
 * input, any pixel type, any interval); the outputs are {@link PlanarImg}s over the restoration's own
 * plane arrays, without copies, with the input's axes.
 * <pre>
 * Result r = ImgStacks.restore(new StackRestorer(model, model.metadata()), img, "XYZ", options);
 * </pre>
 */
public final class ImgStacks {

	private ImgStacks() {}

	/**
	 * Mean and standard deviation with the input's axes; the samples (null unless asked for) with their
	 * last axis {@code T} running over (input frame, sample), the sample fastest.
	 */
	public record Result(Img<FloatType> mean, Img<FloatType> std, Img<FloatType> samples, List<String> warnings, List<String> notes) {}

	/** {@link StackRestorer#restore} of an imglib2 image whose axes {@code axes} names. */
	public static <T extends RealType<T>> Result restore(final StackRestorer restorer, final RandomAccessibleInterval<T> image,
		final String axes, final StackRestorer.Options options) throws RestorationException
	{
		final StackRestorer.Result r = restorer.restore(toImagePlus(image, axes, "image"), options, (u, n, s, t) -> {}, () -> false);
		return new Result(toImg(r.mean()), toImg(r.std()), r.samples() == null ? null : toImg(r.samples()), r.warnings(), r.notes());
	}

	/** The image as a 32-bit ImagePlus hyperstack (a copy: ImageJ keeps one array per plane). */
	public static <T extends RealType<T>> ImagePlus toImagePlus(final RandomAccessibleInterval<T> image, final String axes, final String title)
		throws RestorationException
	{
		final String order = checkAxes(axes, image.numDimensions());
		final int w = size(image, 0), h = size(image, 1);
		final int nc = extent(image, order, 'C'), nz = extent(image, order, 'Z'), nt = extent(image, order, 'T');
		final ImageStack stack = new ImageStack(w, h);
		for (int t = 0; t < nt; t++) {
			for (int z = 0; z < nz; z++) {
				for (int c = 0; c < nc; c++) {
					RandomAccessibleInterval<T> plane = image;
					// slice from the last axis down, so that the earlier axes keep their indices
					final long[] index = { c, z, t };
					for (int d = order.length() - 1; d >= 2; d--) {
						plane = Views.hyperSlice(plane, d, plane.min(d) + index["CZT".indexOf(order.charAt(d))]);
					}
					final float[] pixels = new float[w * h];
					final Cursor<T> cursor = Views.flatIterable(plane).cursor();
					for (int i = 0; i < pixels.length; i++) pixels[i] = cursor.next().getRealFloat();
					stack.addSlice(new FloatProcessor(w, h, pixels));
				}
			}
		}
		final ImagePlus imp = new ImagePlus(title, stack);
		imp.setDimensions(nc, nz, nt);
		return imp;
	}

	/**
	 * A 32-bit ImagePlus as an imglib2 image over its own plane arrays (no copy): axes {@code X Y}, then
	 * {@code C}, {@code Z}, {@code T} where the ImagePlus has more than one.
	 */
	public static Img<FloatType> toImg(final ImagePlus imp) {
		if (imp.getBitDepth() != 32) throw new IllegalArgumentException("Expected a 32-bit image, got " + imp.getBitDepth() + "-bit " + imp.getTitle());
		final List<Long> dims = new ArrayList<>(List.of((long) imp.getWidth(), (long) imp.getHeight()));
		for (final int n : new int[] { imp.getNChannels(), imp.getNSlices(), imp.getNFrames() }) {
			if (n > 1) dims.add((long) n);
		}
		final List<FloatArray> planes = new ArrayList<>();
		final ImageStack stack = imp.getStack();
		for (int p = 1; p <= stack.getSize(); p++) planes.add(new FloatArray((float[]) stack.getProcessor(p).getPixels()));
		final PlanarImg<FloatType, FloatArray> img = new PlanarImg<>(planes, dims.stream().mapToLong(Long::longValue).toArray(), new Fraction());
		img.setLinkedType(new FloatType(img));
		return img;
	}

	private static String checkAxes(final String axes, final int dimensions) throws RestorationException {
		final String order = axes == null ? "" : axes.trim().toUpperCase(Locale.ROOT);
		if (!order.matches("XYC?Z?T?")) {
			throw new RestorationException("Axes '" + axes + "': give X and Y first, then any of C, Z and T in that order (for example XY, XYZ, XYCZT)");
		}
		if (order.length() != dimensions) {
			throw new RestorationException("Axes '" + axes + "' name " + order.length() + " axes, but the image has " + dimensions);
		}
		return order;
	}

	private static int extent(final RandomAccessibleInterval<?> image, final String order, final char axis) {
		final int d = order.indexOf(axis);
		return d < 0 ? 1 : size(image, d);
	}

	private static int size(final RandomAccessibleInterval<?> image, final int d) {
		final long n = image.dimension(d);
		if (n > Integer.MAX_VALUE / 4) throw new IllegalArgumentException("Axis " + d + " has " + n + " pixels: too many for one plane");
		return (int) n;
	}
}
