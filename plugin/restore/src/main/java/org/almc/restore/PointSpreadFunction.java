package org.almc.restore;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.almc.core.ImageShape;

import ij.ImagePlus;
import ij.process.ImageProcessor;

/**
 * A PSF read from an image, 2D (one plane) or 3D (a z-stack), made ready for deconvolution the way PSFs
 * come in practice (bead averages, PSF generators, other software):
 * <ol>
 * <li>NaN and infinite pixels are set to 0;</li>
 * <li>a background offset (the median of the x-y border's pixels, least over the planes, where it exceeds
 * {@link #BACKGROUND_FRACTION} of the peak) is subtracted, and negative pixels are clipped at 0;</li>
 * <li>the centroid of the PSF's core (pixels of at least {@link #CORE_FRACTION} of the peak) is brought to
 * the middle pixel: padding with zeros to odd sizes around it, and a sub-pixel shift (separable Lanczos-3
 * interpolation, negative ringing clipped) for the remaining fraction of a pixel;</li>
 * <li>the values are normalized to unit sum.</li>
 * </ol>
 * {@link #notes()} says what was done. Refused, with the reason: a PSF with no finite or no positive
 * value after the background, RGB, or with channels or frames.
 */
public final class PointSpreadFunction {

	/** A border median above this fraction of the peak is a background offset, and subtracted. */
	static final double BACKGROUND_FRACTION = 1e-3;
	/** The centroid is taken over the pixels of at least this fraction of the peak. */
	static final double CORE_FRACTION = 0.05;
	/** Sub-pixel offsets of the centroid below this (pixels) are left alone. */
	static final double SUBPIXEL_TOLERANCE = 0.05;
	private static final int LANCZOS_A = 3;
	private static final String AXES = "XYZ";

	private final ImageShape shape;
	private final float[] values;
	private final String title;
	private final List<String> notes;

	private PointSpreadFunction(final ImageShape shape, final float[] values, final String title, final List<String> notes) {
		this.shape = shape;
		this.values = values;
		this.title = title;
		this.notes = List.copyOf(notes);
	}

	public ImageShape shape() {
		return shape;
	}

	/** The PSF values, normalized to unit sum; a copy. */
	public float[] values() {
		return values.clone();
	}

	public boolean is3D() {
		return shape.numDimensions() == 3;
	}

	public String title() {
		return title;
	}

	/** What was done to the PSF image to make it usable, one line each; empty where it was used as it is. */
	public List<String> notes() {
		return notes;
	}

	/** Reads and prepares a PSF image (not modified). */
	public static PointSpreadFunction from(final ImagePlus psf) throws RestorationException {
		if (psf == null) throw new RestorationException("No PSF image given: choose or generate one (Plugins > Posterior Sampling > Generate PSF...)");
		if (psf.getType() == ImagePlus.COLOR_RGB) throw new RestorationException("The PSF " + psf.getTitle() + " is an RGB image: use a grayscale PSF");
		if (psf.getNChannels() > 1 || psf.getNFrames() > 1) {
			throw new RestorationException("The PSF " + psf.getTitle() + " has channels or frames: use a single-channel 2D or 3D PSF");
		}
		final int w = psf.getWidth(), h = psf.getHeight(), d = psf.getStackSize();
		final ImageShape shape = d > 1 ? new ImageShape(w, h, d) : new ImageShape(w, h);
		final float[] v = new float[shape.size()];
		for (int z = 0; z < d; z++) {
			final ImageProcessor ip = psf.getStack().getProcessor(z + 1);
			for (int i = 0; i < w * h; i++) v[z * w * h + i] = ip.getf(i);
		}
		return of(shape, v, psf.getTitle());
	}

	/** Prepares PSF values of {@code shape} (not modified); see the class comment. */
	public static PointSpreadFunction of(final ImageShape shape, final float[] raw, final String title) throws RestorationException {
		final List<String> notes = new ArrayList<>();
		final float[] v = raw.clone();
		// 1. invalid pixels
		int invalid = 0;
		for (int i = 0; i < v.length; i++) {
			if (!Float.isFinite(v[i])) {
				v[i] = Float.NaN;
				invalid++;
			}
		}
		if (invalid == v.length) throw new RestorationException("The PSF " + title + " has no finite values (all NaN or infinite)");
		// 2. background and negative pixels
		double max = Double.NEGATIVE_INFINITY;
		for (final float x : v) if (!Float.isNaN(x)) max = Math.max(max, x);
		final double background = borderMedian(v, shape);
		final boolean subtract = Math.abs(background) > BACKGROUND_FRACTION * Math.abs(max);
		int negative = 0;
		for (int i = 0; i < v.length; i++) {
			if (Float.isNaN(v[i])) {
				v[i] = 0;
				continue;
			}
			if (subtract) v[i] -= (float) background;
			if (v[i] < 0) {
				v[i] = 0;
				negative++;
			}
		}
		if (invalid > 0) notes.add(invalid + " NaN or infinite pixel(s) set to 0");
		if (subtract) notes.add(String.format(Locale.ROOT, "background %.4g (median of the border pixels) subtracted", background));
		if (negative > 0) notes.add(negative + " negative pixel(s) clipped at 0");
		double peak = 0;
		for (final float x : v) peak = Math.max(peak, x);
		if (!(peak > 0)) {
			throw new RestorationException("The PSF " + title + " has no positive values" + (subtract ? " above its background" : "") +
				": it is empty; use a PSF image with the PSF in it");
		}
		// 3. centre: pad to odd sizes around the core's centroid, then shift by the remaining fraction
		final double[] centroid = coreCentroid(v, shape, CORE_FRACTION * peak);
		final int n = shape.numDimensions();
		final int[] size = new int[n], from = new int[n];
		final double[] fraction = new double[n];
		boolean moved = false;
		for (int dim = 0; dim < n; dim++) {
			final int centre = (int) Math.round(centroid[dim]);
			final int radius = Math.max(centre, shape.dim(dim) - 1 - centre);
			size[dim] = 2 * radius + 1;
			from[dim] = radius - centre;
			fraction[dim] = centroid[dim] - centre;
			moved |= size[dim] != shape.dim(dim) || from[dim] != 0;
		}
		final ImageShape out = n == 3 ? new ImageShape(size[0], size[1], size[2]) : new ImageShape(size[0], size[1]);
		float[] centred = moved ? place(v, shape, out, from) : v;
		if (moved) {
			notes.add(String.format(Locale.ROOT, "%s padded to %s with the centroid of its core (%s) in the middle pixel", shape, out,
				coordinates(centroid)));
		}
		boolean shifted = false;
		for (int dim = 0; dim < n; dim++) {
			if (Math.abs(fraction[dim]) > SUBPIXEL_TOLERANCE) {
				centred = shift(centred, out, dim, fraction[dim]);
				shifted = true;
			}
		}
		if (shifted) {
			for (int i = 0; i < centred.length; i++) centred[i] = Math.max(centred[i], 0);
			notes.add(String.format(Locale.ROOT, "shifted by %s pixel to centre it exactly (Lanczos-3)", coordinates(negate(fraction))));
		}
		// 4. unit sum
		double sum = 0;
		for (final float x : centred) sum += x;
		if (Math.abs(sum - 1) > 1e-3) notes.add(String.format(Locale.ROOT, "normalized to unit sum (the sum was %.4g)", sum));
		final float[] normalized = new float[centred.length];
		for (int i = 0; i < normalized.length; i++) normalized[i] = (float) (centred[i] / sum);
		return new PointSpreadFunction(out, normalized, title, notes);
	}

	/**
	 * The background offset: the median of the finite pixels on a plane's x-y border, least over the
	 * planes. A constant offset is on every plane's border; a widefield PSF's own out-of-focus light
	 * reaches the borders of the far planes only, and the least plane ignores it.
	 */
	private static double borderMedian(final float[] v, final ImageShape shape) {
		final int w = shape.dim(0), h = shape.dim(1), d = shape.numDimensions() > 2 ? shape.dim(2) : 1;
		final float[] border = new float[2 * (w + h)];
		double least = Double.POSITIVE_INFINITY;
		for (int z = 0; z < d; z++) {
			int count = 0;
			for (int y = 0; y < h; y++) {
				for (int x = 0; x < w; x++) {
					final float value = v[x + w * (y + h * z)];
					if ((x == 0 || y == 0 || x == w - 1 || y == h - 1) && !Float.isNaN(value)) border[count++] = value;
				}
			}
			if (count == 0) continue;
			Arrays.sort(border, 0, count);
			least = Math.min(least, count % 2 == 1 ? border[count / 2] : 0.5 * (border[count / 2 - 1] + border[count / 2]));
		}
		return Double.isFinite(least) ? least : 0;
	}

	/** The intensity-weighted centroid of the pixels at or above {@code threshold}, pixel coordinates. */
	private static double[] coreCentroid(final float[] v, final ImageShape shape, final double threshold) {
		final int n = shape.numDimensions();
		final double[] c = new double[n];
		double mass = 0;
		for (int i = 0; i < v.length; i++) {
			if (v[i] < threshold) continue;
			int rest = i;
			for (int dim = 0; dim < n; dim++) {
				c[dim] += v[i] * (rest % shape.dim(dim));
				rest /= shape.dim(dim);
			}
			mass += v[i];
		}
		for (int dim = 0; dim < n; dim++) c[dim] /= mass;
		return c;
	}

	/** {@code v} placed in a zero array of shape {@code out}, pixel 0 at {@code from}. */
	private static float[] place(final float[] v, final ImageShape in, final ImageShape out, final int[] from) {
		final float[] o = new float[out.size()];
		final int w = in.dim(0), h = in.dim(1), d = in.numDimensions() > 2 ? in.dim(2) : 1;
		final int ow = out.dim(0), oh = out.dim(1), fz = from.length > 2 ? from[2] : 0;
		for (int z = 0; z < d; z++) {
			for (int y = 0; y < h; y++) {
				System.arraycopy(v, w * (y + h * z), o, from[0] + ow * (y + from[1] + oh * (z + fz)), w);
			}
		}
		return o;
	}

	/**
	 * Moves {@code v} by {@code -fraction} pixels along {@code dim} (|fraction| &le; 0.5), so that content
	 * at position {@code p} lands at {@code p - fraction}: {@code out(i) = sum_k v(k) L(i + fraction - k)}
	 * with the Lanczos kernel {@code L(t) = sinc(t) sinc(t / 3)}, |t| &lt; 3, zero outside the array.
	 */
	private static float[] shift(final float[] v, final ImageShape shape, final int dim, final double fraction) {
		final int length = shape.dim(dim);
		int stride = 1;
		for (int k = 0; k < dim; k++) stride *= shape.dim(k);
		final double[] weights = new double[2 * LANCZOS_A];
		double total = 0;
		for (int j = 0; j < weights.length; j++) {
			// tap j reads k = i + j - (A - 1) (fraction > 0) or k = i + j - A (fraction <= 0)
			final double t = fraction + (firstTap(fraction) - j);
			weights[j] = lanczos(t);
			total += weights[j];
		}
		for (int j = 0; j < weights.length; j++) weights[j] /= total;
		final float[] out = new float[v.length];
		final int lines = v.length / length;
		for (int line = 0; line < lines; line++) {
			final int base = line % stride + (line / stride) * stride * length;
			for (int i = 0; i < length; i++) {
				double s = 0;
				for (int j = 0; j < weights.length; j++) {
					final int k = i + j - firstTap(fraction);
					if (k >= 0 && k < length) s += weights[j] * v[base + k * stride];
				}
				out[base + i * stride] = (float) s;
			}
		}
		return out;
	}

	/** The first tap's offset: the six taps cover {@code i + fraction - 3 < k < i + fraction + 3}. */
	private static int firstTap(final double fraction) {
		return fraction > 0 ? LANCZOS_A - 1 : LANCZOS_A;
	}

	private static double lanczos(final double t) {
		if (Math.abs(t) < 1e-12) return 1;
		if (Math.abs(t) >= LANCZOS_A) return 0;
		final double pt = Math.PI * t;
		return LANCZOS_A * Math.sin(pt) * Math.sin(pt / LANCZOS_A) / (pt * pt);
	}

	private static double[] negate(final double[] v) {
		final double[] o = new double[v.length];
		for (int i = 0; i < v.length; i++) o[i] = Math.abs(v[i]) > SUBPIXEL_TOLERANCE ? -v[i] : 0;
		return o;
	}

	private static String coordinates(final double[] c) {
		final StringBuilder b = new StringBuilder();
		for (int dim = 0; dim < c.length; dim++) {
			if (dim > 0) b.append(", ");
			b.append(AXES.charAt(dim)).append(' ').append(String.format(Locale.ROOT, "%.2f", c[dim]));
		}
		return b.toString();
	}
}
