package org.almc.restore;

import org.almc.core.ImageShape;
import org.almc.core.noise.GaussianNoise;
import org.almc.core.noise.NoiseEstimator;
import org.almc.core.noise.NoiseModel;
import org.almc.core.noise.PoissonGaussianNoise;
import org.almc.tf.PercentileNormalization;

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
	 * The standard deviation of white Gaussian noise of the same mean variance over one plane of raw
	 * data (intensity units): what a one-pass Gaussian denoiser is given for this noise.
	 */
	double equivalentSigma(float[] raw, ImageShape plane) throws RestorationException;

	/**
	 * The raw value of zero signal where the noise model knows it (a camera's offset), below which the
	 * posterior mean is clamped (no negative photon counts); negative infinity where unknown.
	 */
	default double zeroSignal() {
		return Double.NEGATIVE_INFINITY;
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
}
