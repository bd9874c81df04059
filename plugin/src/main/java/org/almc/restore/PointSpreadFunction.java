package org.almc.restore;

import org.almc.core.ImageShape;

import ij.ImagePlus;
import ij.process.ImageProcessor;

/** A checked, unit-sum PSF read from an image: 2D (one plane) or 3D (a z-stack). */
public final class PointSpreadFunction {

	private final ImageShape shape;
	private final float[] values;
	private final String title;

	private PointSpreadFunction(final ImageShape shape, final float[] values, final String title) {
		this.shape = shape;
		this.values = values;
		this.title = title;
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

	/** Reads and checks a PSF image (not modified). */
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

	/** Checks and normalizes PSF values of {@code shape} (not modified). */
	public static PointSpreadFunction of(final ImageShape shape, final float[] raw, final String title) throws RestorationException {
		for (int dim = 0; dim < shape.numDimensions(); dim++) {
			if (shape.dim(dim) % 2 == 0) {
				throw new RestorationException("The PSF " + title + " is " + shape + ": its size is even along " + "XYZ".charAt(dim) +
					"; use odd sizes with the PSF centre in the middle pixel (crop or pad by one pixel)");
			}
		}
		double sum = 0, max = 0, min = Double.POSITIVE_INFINITY;
		for (final float x : raw) {
			if (!Float.isFinite(x)) throw new RestorationException("The PSF " + title + " has NaN or infinite values: use a clean PSF");
			sum += x;
			max = Math.max(max, x);
			min = Math.min(min, x);
		}
		if (!(max > 0)) throw new RestorationException("The PSF " + title + " has no positive values");
		if (min < -1e-3 * max) {
			throw new RestorationException("The PSF " + title + " has negative values (min " + min + ", max " + max +
				"): subtract the background and clip it at zero");
		}
		final float[] v = new float[raw.length];
		for (int i = 0; i < v.length; i++) v[i] = (float) (Math.max(raw[i], 0) / sum);
		// centroid against the middle pixel
		final double[] centroid = new double[shape.numDimensions()];
		final int[] pos = new int[shape.numDimensions()];
		for (int i = 0; i < v.length; i++) {
			int rest = i;
			for (int dim = 0; dim < pos.length; dim++) {
				pos[dim] = rest % shape.dim(dim);
				rest /= shape.dim(dim);
				centroid[dim] += v[i] * pos[dim];
			}
		}
		for (int dim = 0; dim < pos.length; dim++) {
			final double centre = (shape.dim(dim) - 1) / 2.0;
			if (Math.abs(centroid[dim] - centre) > 1.0) {
				throw new RestorationException(String.format("The PSF %s is not centred: its centroid along %s is at %.2f, the middle " +
					"pixel is %.0f; crop it around its peak so the peak is in the middle", title, "XYZ".charAt(dim), centroid[dim], centre));
			}
		}
		return new PointSpreadFunction(shape, v, title);
	}
}
