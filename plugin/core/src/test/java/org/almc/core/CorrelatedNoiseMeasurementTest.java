package org.almc.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.almc.core.noise.GaussianNoise;
import org.almc.core.noise.NoiseEstimator.NoiseCorrelation;
import org.almc.core.operator.CosineFilter;
import org.almc.core.operator.IdentityOperator;
import org.almc.core.operator.PsfConvolution;
import org.almc.core.prior.GaussianPrior;
import org.almc.core.sampler.AlmcSampler;
import org.almc.core.sampler.PosteriorSamples;
import org.almc.core.sampler.SamplerMonitor;
import org.junit.jupiter.api.Test;

class CorrelatedNoiseMeasurementTest {

	private static final ImageShape SHAPE = new ImageShape(6, 5);
	private static final NoiseCorrelation CORRELATION = new NoiseCorrelation(0.2, 0.1, 0.05);

	private static float[] gaussian(final int n, final long seed) {
		final SplittableRandom random = new SplittableRandom(seed);
		final float[] v = new float[n];
		for (int i = 0; i < n; i++) v[i] = (float) random.nextGaussian();
		return v;
	}

	/** The spectrum is that of the 3 x 3 correlation kernel convolved with mirror boundaries. */
	@Test
	void theSpectrumIsTheCorrelationKernelsMirrorConvolution() {
		final ImageShape plane = new ImageShape(9, 7);
		final float d = (float) CORRELATION.diagonal(), x = (float) CORRELATION.x(), y = (float) CORRELATION.y();
		final float[] kernel = { d, y, d, x, 1, x, d, y, d };
		final PsfConvolution convolution = new PsfConvolution(plane, new ImageShape(3, 3), kernel, PsfConvolution.Boundary.MIRROR);
		final CosineFilter filter = new CosineFilter(plane, CORRELATION.spectrum(plane));
		final float[] image = gaussian(plane.size(), 3), a = new float[plane.size()], b = new float[plane.size()];
		convolution.apply(image, a);
		filter.apply(image, b);
		for (int i = 0; i < a.length; i++) assertEquals(a[i], b[i], 1e-5, "pixel " + i);
	}

	/**
	 * Without correlation the likelihood given a noised image is the white measurement model's: the same
	 * value and gradient, whether the noised image's noise is under the measurement's or above it.
	 */
	@Test
	void withoutCorrelationItIsTheWhiteMeasurementModel() {
		final float[] data = gaussian(SHAPE.size(), 4), x = gaussian(SHAPE.size(), 5);
		final double sigma = 0.1;
		final Likelihood correlated = new CorrelatedNoiseMeasurement(SHAPE, sigma, NoiseCorrelation.NONE, data, null);
		final MeasurementModel white = new MeasurementModel(new IdentityOperator(SHAPE), new GaussianNoise(sigma), data, null);
		for (final double s : new double[] { 0.05, 0.09, 0.2 }) {
			final Likelihood a = correlated.givenNoisedImage(s).orElseThrow(), b = white.givenNoisedImage(s).orElseThrow();
			assertEquals(b.value(x), a.value(x), 1e-4 * Math.abs(b.value(x)), "value at s = " + s);
			final float[] ga = new float[x.length], gb = new float[x.length];
			a.gradient(x, ga);
			b.gradient(x, gb);
			for (int i = 0; i < x.length; i++) assertEquals(gb[i], ga[i], 1e-4 * Math.abs(gb[i]) + 1e-3, "gradient at s = " + s + ", pixel " + i);
		}
		assertEquals(sigma, correlated.noisedImageLimit(), 1e-12);
	}

	/**
	 * ALMC's clean-estimate readout with this likelihood gives the exact posterior of a Gaussian prior
	 * under correlated noise: {@code N(m, p I)} and noise of covariance {@code sigma^2 R} have the posterior
	 * mean {@code m + p (p I + sigma^2 R)^-1 (y - m)} and covariance {@code p I - p^2 (p I + sigma^2 R)^-1},
	 * both diagonal in the DCT-II basis. The chains stop at 0.7 of the noise, where the noised image's noise
	 * stays under the measurement's at every frequency, so that the likelihood given it is exact. (With the
	 * paper's explicit step, 100 levels fell 0.03 short on the first pixel; 400 levels reached it.)
	 */
	@Test
	void cleanEstimatesGiveTheExactPosteriorUnderCorrelatedNoise() {
		final int n = SHAPE.size();
		final double p = 0.02, sigma = 0.1;
		final float[] priorMean = new float[n], priorVariance = new float[n], y = new float[n];
		for (int i = 0; i < n; i++) {
			priorMean[i] = 0.2f + 0.01f * i;
			priorVariance[i] = (float) p;
			y[i] = 0.6f - 0.015f * i + (i % 3 == 0 ? 0.05f : 0);
		}
		final float[] spectrum = CORRELATION.spectrum(SHAPE);
		final float[] gainSpectrum = new float[n], posteriorSpectrum = new float[n];
		for (int f = 0; f < n; f++) {
			gainSpectrum[f] = (float) (p / (p + sigma * sigma * spectrum[f]));
			posteriorSpectrum[f] = (float) (p - p * p / (p + sigma * sigma * spectrum[f]));
		}
		final float[] residual = new float[n], mean = new float[n];
		for (int i = 0; i < n; i++) residual[i] = y[i] - priorMean[i];
		new CosineFilter(SHAPE, gainSpectrum).apply(residual, mean);
		for (int i = 0; i < n; i++) mean[i] += priorMean[i];
		final double[] variance = new double[n];
		final CosineFilter covariance = new CosineFilter(SHAPE, posteriorSpectrum);
		final float[] unit = new float[n], column = new float[n];
		for (int i = 0; i < n; i++) {
			unit[i] = 1;
			covariance.apply(unit, column);
			variance[i] = column[i];
			unit[i] = 0;
		}

		final Likelihood likelihood = new CorrelatedNoiseMeasurement(SHAPE, sigma, CORRELATION, y, null);
		final AlmcSampler.Readout readout = AlmcSampler.Readout.cleanEstimates(11, 1, 0.7);
		// the presets' implicit step: the whitened likelihood is stiff (W^2 up to 1 / min S)
		final AlmcSampler.Settings settings = AlmcSampler.Settings.defaults().withSigmaRange(3, 0.01).withLevels(100, 1).withFinalSteps(10)
			.withReadout(readout).withStep(AlmcSampler.Step.IMPLICIT).withStepScale(0.5);
		final double tau = readout.stoppingLevel(settings.sigmaMin(), likelihood);
		for (final float s : spectrum) assertTrue(tau * tau < sigma * sigma * s, "the noised image's noise stays under the measurement's");
		final int chains = 2000;
		final PosteriorSamples samples = new AlmcSampler(GaussianPrior.diagonal(SHAPE, priorMean, priorVariance), settings).sample(likelihood,
			chains, new SplittableRandom(9), SamplerMonitor.NONE);
		final float[] m = samples.mean(), sd = samples.standardDeviation(), spread = samples.chainSpread();
		double meanError = 0, whiteError = 0;
		for (int i = 0; i < n; i++) {
			// tolerances as for white noise (AlmcSamplerTest): the spread bounds the mean's Monte Carlo error,
			// the variance is a sample variance of the chains plus a few percent of discretization
			assertEquals(mean[i], m[i], 4.5 * spread[i] / Math.sqrt(chains) + 1e-4, "mean of pixel " + i);
			assertEquals(variance[i], sd[i] * sd[i], variance[i] * (4.5 * Math.sqrt(2.0 / chains) + 0.05), "variance of pixel " + i);
			meanError += (m[i] - mean[i]) * (m[i] - mean[i]);
			final double white = priorMean[i] + p / (p + sigma * sigma) * residual[i];
			whiteError += (white - mean[i]) * (white - mean[i]);
		}
		// the correlation matters here: the posterior mean that takes the noise as white is far from this one
		assertTrue(meanError < 0.05 * whiteError, "posterior mean error " + meanError + " against the white model's " + whiteError);
	}
}
