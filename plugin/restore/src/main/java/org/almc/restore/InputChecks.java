package org.almc.restore;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.Calibration;

/** Checks an input image against the options, with messages that name the problem and the fix. */
final class InputChecks {

	/**
	 * The smallest width and height restored. Planes smaller than the network's receptive field (67 px for
	 * the bundled priors, trained on 64 x 64 patches) are restored too, such as the 60 x 60 frames of an
	 * EMCCD stack. The network sees such a plane as it is (mirror-padding it to the receptive field denoised a
	 * 24 x 24 plane worse, {@code TfScoreModelTest}); below this size the percentiles and the noise
	 * estimate have too few pixels.
	 */
	static final int MIN_SIZE = 16;

	private InputChecks() {}

	/** A checked input: dimensions, pixel access and the saturation level. */
	static final class Checked {

		private final ImagePlus imp;
		private final int width, height, channels, slices, frames;
		private final double saturation;
		private final List<String> warnings;

		Checked(final ImagePlus imp, final double saturation, final List<String> warnings) {
			this.imp = imp;
			this.width = imp.getWidth();
			this.height = imp.getHeight();
			this.channels = imp.getNChannels();
			this.slices = imp.getNSlices();
			this.frames = imp.getNFrames();
			this.saturation = saturation;
			this.warnings = warnings;
		}

		int width() {
			return width;
		}

		int height() {
			return height;
		}

		int channels() {
			return channels;
		}

		int slices() {
			return slices;
		}

		int frames() {
			return frames;
		}

		List<String> warnings() {
			return warnings;
		}

		/** Zero-based index of plane (c, z, t) in ImageJ's stack order. */
		int planeIndex(final int c, final int z, final int t) {
			return c + channels * (z + slices * t);
		}

		/** The z planes of channel c, frame t, as one flat volume of floats. */
		float[] volume(final int c, final int t) {
			final int n = width * height;
			final float[] v = new float[n * slices];
			final ImageStack stack = imp.getStack();
			for (int z = 0; z < slices; z++) {
				final float[] p = StackRestorer.pixels(stack.getProcessor(planeIndex(c, z, t) + 1));
				System.arraycopy(p, 0, v, z * n, n);
			}
			return v;
		}

		/**
		 * The planes of channel c that its noise estimate reads ({@link NoiseSpec#samplePlanes}, over its z
		 * planes and frames), one after the other.
		 */
		float[] channelSample(final int c) {
			final int n = width * height;
			final int[] planes = NoiseSpec.samplePlanes(slices * frames, n);
			final float[] v = new float[n * planes.length];
			final ImageStack stack = imp.getStack();
			for (int k = 0; k < planes.length; k++) {
				final int zt = planes[k];
				final float[] p = StackRestorer.pixels(stack.getProcessor(planeIndex(c, zt % slices, zt / slices) + 1));
				System.arraycopy(p, 0, v, k * n, n);
			}
			return v;
		}

		/** Pixels below the saturation level, or null if none is saturated. */
		boolean[] validMask(final float[] raw) {
			if (!(saturation > 0)) return null;
			boolean[] valid = null;
			for (int i = 0; i < raw.length; i++) {
				if (raw[i] >= saturation) {
					if (valid == null) {
						valid = new boolean[raw.length];
						java.util.Arrays.fill(valid, true);
					}
					valid[i] = false;
				}
			}
			return valid;
		}

		/** A 32-bit output with the input's calibration and dimensions; frames multiplied by {@code framesFactor}. */
		ImagePlus output(final float[][] planes, final String suffix, final String info, final int framesFactor) {
			final String base = imp.getTitle().replaceFirst("\\.tiff?$", "");
			final ImagePlus out = new ImagePlus(base + "_" + suffix, StackRestorer.stack(width, height, planes));
			out.setDimensions(channels, slices, frames * framesFactor);
			if (channels * slices * frames * framesFactor > 1 && (channels > 1 || frames * framesFactor > 1)) out.setOpenAsHyperStack(true);
			final Calibration cal = imp.getCalibration().copy();
			out.setCalibration(cal);
			out.setProperty("Info", info);
			return out;
		}
	}

	static Checked check(final ImagePlus imp, final StackRestorer.Options options)
		throws RestorationException
	{
		if (imp == null) throw new RestorationException("No input image: open an image first");
		if (imp.getStackSize() < 1 || imp.getWidth() < 1 || imp.getHeight() < 1) {
			throw new RestorationException("The image " + imp.getTitle() + " is empty (no pixels): open an image with data");
		}
		if (imp.getType() == ImagePlus.COLOR_RGB || imp.getType() == ImagePlus.COLOR_256) {
			throw new RestorationException("The image " + imp.getTitle() + " is RGB/colour: split its channels (Image > Color > " +
				"Split Channels) or convert it to 8, 16 or 32-bit grayscale first");
		}
		if (imp.getWidth() < MIN_SIZE || imp.getHeight() < MIN_SIZE) {
			throw new RestorationException(String.format(Locale.ROOT, "The image %s is %d x %d pixels, too small to restore: use an image of " +
				"at least %d x %d pixels", imp.getTitle(), imp.getWidth(), imp.getHeight(), MIN_SIZE, MIN_SIZE));
		}
		final PointSpreadFunction psf = options.psf();
		if (psf != null) {
			if (psf.is3D() && imp.getNSlices() < 2) {
				throw new RestorationException("The PSF " + psf.title() + " is 3D (" + psf.shape() + ") but the image " + imp.getTitle() +
					" has a single z plane: use a 2D PSF (Generate PSF with 1 z plane) or a z-stack");
			}
			if (psf.is3D() && psf.shape().dim(2) > imp.getNSlices()) {
				throw new RestorationException("The PSF " + psf.title() + " has " + psf.shape().dim(2) + " z planes, more than the image's " +
					imp.getNSlices() + ": crop the PSF in z to at most the image's depth");
			}
			final int tile = options.tileSize();
			if (psf.shape().dim(0) > Math.min(imp.getWidth(), tile) || psf.shape().dim(1) > Math.min(imp.getHeight(), tile)) {
				throw new RestorationException("The PSF " + psf.title() + " (" + psf.shape() + ") is larger than the image (" + imp.getWidth() +
					" x " + imp.getHeight() + ") or tile (" + tile + "): crop the PSF");
			}
		}
		final double saturation = Double.isNaN(options.saturation())
			? imp.getBitDepth() == 8 ? 255 : imp.getBitDepth() == 16 ? 65535 : 0 : options.saturation();
		// one pass over the pixels: reject NaN or infinite values, count saturated ones
		final ImageStack stack = imp.getStack();
		long saturated = 0;
		for (int p = 1; p <= stack.getSize(); p++) {
			final float[] v = StackRestorer.pixels(stack.getProcessor(p));
			for (int i = 0; i < v.length; i++) {
				if (!Float.isFinite(v[i])) {
					throw new RestorationException(String.format(Locale.ROOT, "The image %s has a NaN or infinite pixel at x=%d, y=%d, plane %d: " +
						"replace such pixels first (Process > Noise > Remove NaNs..., or set them to a valid value)", imp.getTitle(),
						i % imp.getWidth(), i / imp.getWidth(), p));
				}
				if (saturation > 0 && v[i] >= saturation) saturated++;
			}
		}
		final List<String> warnings = new ArrayList<>();
		if (saturated > 0) {
			warnings.add(String.format(Locale.ROOT, "%d saturated pixels (value >= %s) are left out of the likelihood; the prior fills them in",
				saturated, saturation));
		}
		return new Checked(imp, saturation, warnings);
	}
}
