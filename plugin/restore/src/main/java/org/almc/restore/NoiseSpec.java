package org.almc.restore;

import java.util.Locale;
import java.util.Optional;

import org.almc.core.ImageShape;
import org.almc.core.noise.GaussianNoise;
import org.almc.core.noise.NoiseEstimator;
import org.almc.core.noise.NoiseModel;
import org.almc.core.noise.PoissonGaussianNoise;
import org.almc.model.PercentileNormalization;

/** The user's description of the noise, in the image's intensity units. */
public sealed interface NoiseSpec {

	/**
	 * The noise model in the prior's normalized units for data normalized by {@code fit}.
	 *
	 * @param raw one plane of the raw data (for automatic estimates)
	 */
	NoiseModel normalized(PercentileNormalization.Fit fit, float[] raw, ImageShape plane) throws RestorationException;

	/** For the output's Info and logs. */
	String describe();

	/**
	 * This description with what it leaves to the data estimated from {@code planes} (planes of one
	 * channel, pooled); itself where nothing is left to estimate. Done once per channel before
	 * restoration, so that every plane of a stack shares one noise model.
	 */
	default NoiseSpec resolve(final float[] planes, final ImageShape shape) throws RestorationException {
		return this;
	}

	/** The noise models a user picks by name: in the Fiji dialogs, macros and on the command line. */
	enum Choice {
		/** Gaussian where a sigma is given, the camera where its parameters are, else estimated from the data. */
		AUTO,
		GAUSSIAN,
		CAMERA;

		/** "auto", "gaussian" or "camera", in any case, with a clear error otherwise. */
		public static Choice parse(final String name) throws RestorationException {
			try {
				return valueOf(name.trim().toUpperCase(Locale.ROOT));
			}
			catch (final IllegalArgumentException e) {
				throw new RestorationException("Unknown noise model '" + name + "': use auto, gaussian or camera");
			}
		}
	}

	/**
	 * The noise a user's choice and values describe, one rule for every front end.
	 * <ul>
	 * <li>{@link Choice#AUTO}: Gaussian noise of {@code sigma} where it is given, the {@code camera} where it
	 * is given, else a camera estimated from the data, or Gaussian noise where the noise does not grow
	 * with the signal;</li>
	 * <li>{@link Choice#GAUSSIAN}: of {@code sigma}, or estimated from each plane;</li>
	 * <li>{@link Choice#CAMERA}: the {@code camera}, or one estimated from the data.</li>
	 * </ul>
	 *
	 * @param sigma the Gaussian noise's standard deviation (intensity units), or null to estimate it
	 * @param camera the camera's parameters, or null to estimate them
	 */
	static NoiseSpec choose(final Choice choice, final Double sigma, final Camera camera) throws RestorationException {
		return switch (choice) {
			case AUTO -> {
				if (sigma != null && camera != null) {
					throw new RestorationException("sigma is for Gaussian noise and gain, offset and read noise for a camera: give one or the other");
				}
				yield sigma != null ? new Gaussian(sigma) : camera != null ? camera : new EstimatedCamera(true);
			}
			case GAUSSIAN -> {
				if (camera != null) throw new RestorationException("gain, offset and read noise describe a camera: choose camera noise");
				yield sigma != null ? new Gaussian(sigma) : Gaussian.auto();
			}
			case CAMERA -> {
				if (sigma != null) throw new RestorationException("sigma is for Gaussian noise: leave it out with camera noise");
				yield camera != null ? camera : new EstimatedCamera(false);
			}
		};
	}

	/** Pixels that an estimate from the data reads at most (whole planes). */
	long SAMPLE_PIXELS = 1L << 22;

	/**
	 * Which of {@code planes} planes of {@code planeSize} pixels an estimate from the data reads: at most
	 * {@link #SAMPLE_PIXELS} pixels, at least one plane, spread evenly.
	 */
	static int[] samplePlanes(final int planes, final int planeSize) {
		final int count = (int) Math.max(1, Math.min(planes, SAMPLE_PIXELS / planeSize));
		final int[] index = new int[count];
		for (int k = 0; k < count; k++) index[k] = (int) ((long) k * planes / count);
		return index;
	}

	/** Whether {@link #resolve} reads the data (so that callers gather it only then). */
	default boolean estimatesFromData() {
		return false;
	}

	/**
	 * The standard deviation of white Gaussian noise of the same mean variance over one plane of raw
	 * data (intensity units): what a one-pass Gaussian denoiser is given for this noise.
	 */
	double equivalentSigma(float[] raw, ImageShape plane) throws RestorationException;

	/**
	 * The transform that makes this noise Gaussian of unit variance, for a one-pass Gaussian denoiser
	 * (a camera's {@link AnscombeTransform}); empty where the noise is Gaussian already.
	 */
	default Optional<AnscombeTransform> stabilizer() {
		return Optional.empty();
	}

	/**
	 * The raw value of zero signal where the noise model knows it (a camera's offset), below which the
	 * posterior mean is clamped (no negative photon counts); negative infinity where unknown.
	 */
	default double zeroSignal() {
		return Double.NEGATIVE_INFINITY;
	}

	/**
	 * The noise's correlation between neighbouring pixels where it is measured on the data (an estimated
	 * camera's, from all the channel's planes; estimated Gaussian noise's, from each plane), for one plane of
	 * raw data; {@link NoiseEstimator.NoiseCorrelation#NONE} where the noise is taken as white (given by the user).
	 */
	default NoiseEstimator.NoiseCorrelation correlation(final float[] raw, final ImageShape plane) {
		return NoiseEstimator.NoiseCorrelation.NONE;
	}

	/**
	 * White Gaussian noise of standard deviation {@code sigma} (intensity units), or estimated from each
	 * plane where {@code sigma} is not given (NaN).
	 */
	record Gaussian(double sigma) implements NoiseSpec {

		public Gaussian {
			if (!Double.isNaN(sigma) && !(sigma > 0 && Double.isFinite(sigma))) {
				throw new IllegalArgumentException("The noise sigma must be a positive number (intensity units), got " + sigma +
					"; use 'auto' to estimate it from the image");
			}
		}

		public static Gaussian auto() {
			return new Gaussian(Double.NaN);
		}

		public boolean isAuto() {
			return Double.isNaN(sigma);
		}

		@Override
		public NoiseModel normalized(final PercentileNormalization.Fit fit, final float[] raw, final ImageShape plane)
			throws RestorationException
		{
			return new GaussianNoise(equivalentSigma(raw, plane) / fit.scale);
		}

		@Override
		public double equivalentSigma(final float[] raw, final ImageShape plane) throws RestorationException {
			double s = sigma;
			if (isAuto()) {
				try {
					s = NoiseEstimator.gaussianSigma(raw, plane);
				}
				catch (final IllegalArgumentException e) {
					throw new RestorationException("Could not estimate the noise level: " + e.getMessage() + "; give the noise sigma explicitly");
				}
				if (!(s > 0)) {
					throw new RestorationException("Could not estimate the noise level of a plane (it looks noise-free or " +
						"constant): give the noise sigma explicitly");
				}
			}
			return s;
		}

		@Override
		public NoiseEstimator.NoiseCorrelation correlation(final float[] raw, final ImageShape plane) {
			return isAuto() ? NoiseEstimator.correlation(raw, plane) : NoiseEstimator.NoiseCorrelation.NONE;
		}

		@Override
		public String describe() {
			return isAuto() ? "gaussian sigma=auto" : "gaussian sigma=" + sigma;
		}
	}

	/**
	 * A camera: {@code y = offset + gain Poisson(signal) + N(0, readNoise^2)}, all in ADU (intensity
	 * units).
	 */
	record Camera(double gain, double offset, double readNoise) implements NoiseSpec {

		public Camera {
			if (!(gain > 0) || !Double.isFinite(gain)) {
				throw new IllegalArgumentException("The camera gain must be positive (ADU per photoelectron), got " + gain);
			}
			if (!(readNoise > 0) || !Double.isFinite(readNoise)) {
				throw new IllegalArgumentException("The read noise must be positive (ADU, standard deviation), got " + readNoise);
			}
			if (!Double.isFinite(offset)) throw new IllegalArgumentException("The camera offset must be a number, got " + offset);
		}

		@Override
		public NoiseModel normalized(final PercentileNormalization.Fit fit, final float[] raw, final ImageShape plane) {
			return PoissonGaussianNoise.fromCamera(gain, offset, readNoise, fit.offset, fit.scale).withLocalMeanVariance(
				PoissonGaussianNoise.DEFAULT_LOCAL_MEAN_RADIUS);
		}

		@Override
		public double zeroSignal() {
			return offset;
		}

		@Override
		public Optional<AnscombeTransform> stabilizer() {
			return Optional.of(new AnscombeTransform(gain, offset, readNoise));
		}

		/** {@code sqrt(mean(gain max(y - offset, 0) + readNoise^2))}. */
		@Override
		public double equivalentSigma(final float[] raw, final ImageShape plane) {
			double sum = 0;
			for (final float v : raw) sum += gain * Math.max(v - offset, 0) + readNoise * readNoise;
			return Math.sqrt(sum / raw.length);
		}

		@Override
		public String describe() {
			return "camera gain=" + gain + " offset=" + offset + " read_noise=" + readNoise;
		}
	}

	/**
	 * A camera whose gain, offset and read noise are estimated from the data
	 * ({@link NoiseEstimator#camera}), once per channel from its planes pooled. With
	 * {@code orGaussian}, noise that is not signal-dependent (or an image too flat to tell) is taken as
	 * white Gaussian noise estimated per plane instead of failing: the automatic choice.
	 */
	record EstimatedCamera(boolean orGaussian) implements NoiseSpec {

		@Override
		public NoiseSpec resolve(final float[] planes, final ImageShape shape) throws RestorationException {
			final NoiseEstimator.CameraFit fit;
			try {
				fit = NoiseEstimator.camera(planes, shape);
			}
			catch (final IllegalArgumentException e) {
				if (orGaussian) return new Resolved(Gaussian.auto(), "gaussian sigma=auto (no camera model: " + e.getMessage() + ")");
				throw new RestorationException("Could not estimate the camera's noise: " + e.getMessage() +
					"; give the camera's gain, offset and read noise, or use the Gaussian noise model");
			}
			final Camera camera = new Camera(round(fit.gain()), round(fit.offset()), round(fit.readNoise()));
			final NoiseEstimator.NoiseCorrelation correlation = fit.line().correlation();
			return new Resolved(camera, camera.describe() + " (estimated from " + (shape.numDimensions() > 2 ? shape.dim(2) : 1) +
				" plane(s)" + (correlation.equals(NoiseEstimator.NoiseCorrelation.NONE) ? "" : "; the noise is correlated between " +
					"neighbouring pixels, " + correlation.describe() + ", and the variances are per pixel") + ")", correlation);
		}

		@Override
		public boolean estimatesFromData() {
			return true;
		}

		/** Four significant digits: what the estimate can tell, and what a user would type back. */
		private static double round(final double v) {
			return Double.parseDouble(String.format(Locale.ROOT, "%.4g", v));
		}

		private IllegalStateException unresolved() {
			return new IllegalStateException("The estimated noise model must be resolved on the data first (NoiseSpec.resolve)");
		}

		@Override
		public NoiseModel normalized(final PercentileNormalization.Fit fit, final float[] raw, final ImageShape plane) {
			throw unresolved();
		}

		@Override
		public double equivalentSigma(final float[] raw, final ImageShape plane) {
			throw unresolved();
		}

		@Override
		public String describe() {
			return orGaussian ? "auto (camera estimated from the data, else gaussian)" : "camera estimated from the data";
		}
	}

	/**
	 * An estimated noise model: {@code model} is what the data gave, {@code estimate} says so for the Info and
	 * logs, {@code correlation} is the noise's correlation between neighbouring pixels that the data showed.
	 */
	record Resolved(NoiseSpec model, String estimate, NoiseEstimator.NoiseCorrelation correlation) implements NoiseSpec {

		/** An estimate of white noise. */
		public Resolved(final NoiseSpec model, final String estimate) {
			this(model, estimate, NoiseEstimator.NoiseCorrelation.NONE);
		}

		@Override
		public NoiseModel normalized(final PercentileNormalization.Fit fit, final float[] raw, final ImageShape plane)
			throws RestorationException
		{
			return model.normalized(fit, raw, plane);
		}

		@Override
		public double equivalentSigma(final float[] raw, final ImageShape plane) throws RestorationException {
			return model.equivalentSigma(raw, plane);
		}

		@Override
		public double zeroSignal() {
			return model.zeroSignal();
		}

		/** The estimate's correlation where it found one, else the model's own (an estimated Gaussian's, per plane). */
		@Override
		public NoiseEstimator.NoiseCorrelation correlation(final float[] raw, final ImageShape plane) {
			return correlation.equals(NoiseEstimator.NoiseCorrelation.NONE) ? model.correlation(raw, plane) : correlation;
		}

		@Override
		public Optional<AnscombeTransform> stabilizer() {
			return model.stabilizer();
		}

		@Override
		public String describe() {
			return estimate;
		}
	}
}
