package org.almc.core.sampler;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;

import org.almc.core.ImageShape;
import org.almc.core.Likelihood;
import org.almc.core.MeasurementModel;
import org.almc.core.NoiseLevels;
import org.almc.core.noise.GaussianNoise;
import org.almc.core.operator.IdentityOperator;
import org.almc.core.prior.GaussianPrior;
import org.junit.jupiter.api.Test;

class AlmcSamplerTest {

	/** The settings of {@code almc validate} (the research module's {@code ExactPosteriorValidation.Config.defaults()}). */
	private static final AlmcSampler.Settings VALIDATION_SETTINGS = AlmcSampler.Settings.defaults().withSigmaRange(30, 0.01)
		.withLevels(1000, 1).withStepScale(0.3).withFinalSteps(50);

	private static final ImageShape SHAPE = new ImageShape(4, 3);

	private static GaussianPrior diagonalPrior() {
		final float[] mean = new float[SHAPE.size()], variances = new float[SHAPE.size()];
		for (int i = 0; i < mean.length; i++) {
			mean[i] = 0.2f + 0.05f * i;
			variances[i] = 0.01f + 0.005f * i;
		}
		return GaussianPrior.diagonal(SHAPE, mean, variances);
	}

	private static MeasurementModel denoising(final double sigma) {
		final float[] y = new float[SHAPE.size()];
		for (int i = 0; i < y.length; i++) y[i] = 0.6f - 0.03f * i;
		return new MeasurementModel(new IdentityOperator(SHAPE), new GaussianNoise(sigma), y, null);
	}

	private static AlmcSampler sampler() {
		return new AlmcSampler(diagonalPrior(), AlmcSampler.Settings.defaults().withLevels(60, 1));
	}

	@Test
	void theSameSeedGivesTheSameSamples() {
		final PosteriorSamples a = sampler().sample(denoising(0.1), 6, new SplittableRandom(42), SamplerMonitor.NONE);
		final PosteriorSamples b = sampler().sample(denoising(0.1), 6, new SplittableRandom(42), SamplerMonitor.NONE);
		final PosteriorSamples c = sampler().sample(denoising(0.1), 6, new SplittableRandom(43), SamplerMonitor.NONE);
		for (int k = 0; k < 6; k++) assertArrayEquals(a.samples()[k], b.samples()[k]);
		assertFalse(Arrays.equals(a.samples()[0], c.samples()[0]));
	}

	@Test
	void progressCountsEveryStepAndCancellationStopsTheRun() {
		final AtomicInteger calls = new AtomicInteger();
		final int[] last = new int[2];
		final AlmcSampler s = sampler();
		s.sample(denoising(0.1), 2, new SplittableRandom(1), new SamplerMonitor() {

			@Override
			public void progress(final int step, final int total) {
				calls.incrementAndGet();
				last[0] = step;
				last[1] = total;
			}

			@Override
			public boolean isCancelled() {
				return false;
			}
		});
		assertEquals(s.settings().networkEvaluations(), calls.get());
		assertEquals(last[1], last[0]);

		final AtomicInteger steps = new AtomicInteger();
		assertThrows(CancellationException.class, () -> s.sample(denoising(0.1), 2, new SplittableRandom(1), new SamplerMonitor() {

			@Override
			public void progress(final int step, final int total) {
				steps.set(step);
			}

			@Override
			public boolean isCancelled() {
				return steps.get() >= 5;
			}
		}));
		assertEquals(5, steps.get());
	}

	/** Per-pixel check of samples against a diagonal Gaussian target N(mean, var). */
	private static void assertDistribution(final PosteriorSamples samples, final double[] mean, final double[] var) {
		final float[] m = samples.mean(), s = samples.standardDeviation();
		final int n = samples.chains();
		for (int i = 0; i < mean.length; i++) {
			assertEquals(mean[i], m[i], 4.5 * Math.sqrt(var[i] / n), "mean of pixel " + i);
			// Langevin discretization inflates variances by a few percent; allow 4.5 sd of MC plus 5 %.
			assertEquals(var[i], s[i] * s[i], var[i] * (4.5 * Math.sqrt(2.0 / n) + 0.05), "variance of pixel " + i);
		}
	}

	@Test
	void samplesTheDiagonalGaussianPosteriorAtTau() {
		final GaussianPrior prior = diagonalPrior();
		final AlmcSampler.Settings settings = VALIDATION_SETTINGS;
		final double sigma = 0.1;
		final MeasurementModel lik = denoising(sigma);
		// the target is the posterior under the prior noised to tau
		final double tau = NoiseLevels.time(settings.sigmaMin());
		final double[] mean = new double[SHAPE.size()], var = new double[SHAPE.size()];
		final float[] priorMean = prior.mean();
		final float[] y = new float[SHAPE.size()];
		for (int i = 0; i < y.length; i++) y[i] = 0.6f - 0.03f * i;
		for (int i = 0; i < mean.length; i++) {
			final double lambda = Math.exp(-2 * tau) * (0.01 + 0.005 * i) + NoiseLevels.noiseVariance(tau);
			var[i] = 1 / (1 / lambda + 1 / (sigma * sigma));
			mean[i] = var[i] * (Math.exp(-tau) * priorMean[i] / lambda + y[i] / (sigma * sigma));
		}
		assertDistribution(new AlmcSampler(prior, settings).sample(lik, 3000, new SplittableRandom(5), SamplerMonitor.NONE), mean, var);

		// the same through the Langevin warm start, by hiding the exact one
		final Likelihood noExact = withoutExactWarmStart(lik);
		assertTrue(noExact.exactWarmStart(0, 1).isEmpty());
		assertDistribution(new AlmcSampler(prior, settings).sample(noExact, 3000, new SplittableRandom(6), SamplerMonitor.NONE), mean, var);
	}

	/**
	 * The clean-estimate readout targets the posterior of the clean image, not of the image noised to
	 * tau: with the likelihood given the noised image, Tweedie's estimates average to {@code E[x0 | y]}, and
	 * their spread plus the probed {@code Var[x0 | x_tau]} is {@code Var[x0 | y]}. Checked on a diagonal
	 * Gaussian prior (mean varying by pixel, variance 0.02 everywhere, so that the smoothing of the
	 * probes is exact), whose denoiser is linear and diagonal so that one probe per chain is exact too;
	 * tau at 0.85 of the noise (0.085), far from the 0.01 where the states would be close.
	 */
	@Test
	void cleanEstimatesGiveTheCleanPosterior() {
		final float[] priorMean = new float[SHAPE.size()], priorVariance = new float[SHAPE.size()];
		for (int i = 0; i < priorMean.length; i++) {
			priorMean[i] = 0.2f + 0.05f * i;
			priorVariance[i] = 0.02f;
		}
		final GaussianPrior prior = GaussianPrior.diagonal(SHAPE, priorMean, priorVariance);
		final double sigma = 0.1;
		final MeasurementModel lik = denoising(sigma);
		final AlmcSampler.Readout readout = AlmcSampler.Readout.cleanEstimates(11, 1, 0.85);
		final AlmcSampler.Settings settings = AlmcSampler.Settings.defaults().withSigmaRange(3, 0.01).withLevels(100, 1).withFinalSteps(10)
			.withReadout(readout);
		assertEquals(0.085, readout.stoppingLevel(settings.sigmaMin(), lik), 1e-6);
		final int n = 2000;
		final PosteriorSamples p = new AlmcSampler(prior, settings).sample(lik, n, new SplittableRandom(8), SamplerMonitor.NONE);
		assertEquals(100 + 10 + 1, p.networkEvaluations());
		final float[] m = p.mean(), s = p.standardDeviation(), spread = p.chainSpread();
		final float[] y = new float[SHAPE.size()];
		for (int i = 0; i < y.length; i++) y[i] = 0.6f - 0.03f * i;
		for (int i = 0; i < m.length; i++) {
			final double var = 1 / (1 / priorVariance[i] + 1 / (sigma * sigma));
			final double mean = var * (priorMean[i] / priorVariance[i] + y[i] / (sigma * sigma));
			// the chain estimates are correlated over their 11 steps: their spread bounds the mean's error
			assertEquals(mean, m[i], 4.5 * spread[i] / Math.sqrt(n) + 1e-4, "mean of pixel " + i);
			// the spread term is a sample variance of n chains; discretization adds a few percent, as above
			assertEquals(var, s[i] * s[i], var * (4.5 * Math.sqrt(2.0 / n) + 0.05), "variance of pixel " + i);
		}
		// the states are samples of x_tau | y, a law of its own (prior noised to tau, likelihood given the noised
		// image: variance 0.0025 here, inflated a little by the discretization), not of x0 | y (0.0067)
		final double statesVariance = variance(p.samples(), 0);
		assertTrue(statesVariance < 0.6 / (1 / priorVariance[0] + 1 / (sigma * sigma)), "states variance " + statesVariance);
	}

	private static double variance(final float[][] samples, final int pixel) {
		double sum = 0, sum2 = 0;
		for (final float[] c : samples) {
			sum += c[pixel];
			sum2 += c[pixel] * (double) c[pixel];
		}
		final double mean = sum / samples.length;
		return (sum2 - samples.length * mean * mean) / (samples.length - 1);
	}

	/** The likelihood with its exact warm start hidden; each copy wraps a copy (own buffers per thread). */
	private static Likelihood withoutExactWarmStart(final Likelihood lik) {
		return new Likelihood() {

			@Override
			public ImageShape shape() {
				return lik.shape();
			}

			@Override
			public double value(final float[] x) {
				return lik.value(x);
			}

			@Override
			public void gradient(final float[] x, final float[] out) {
				lik.gradient(x, out);
			}

			@Override
			public double lipschitz() {
				return lik.lipschitz();
			}

			@Override
			public Likelihood copy() {
				return withoutExactWarmStart(lik.copy());
			}
		};
	}

	/**
	 * Antithetic pairs: on a Gaussian prior and likelihood every step is linear in the chain and its draws,
	 * so the two chains of a pair mirror each other about one path and every pair's mean is the same (to
	 * rounding and the conjugate-gradient tolerance), whatever the draws; each chain alone still samples the
	 * posterior, and a lone ninth chain runs on its own.
	 */
	@Test
	void antitheticPairsMirrorEachOtherAboutTheMeanOfALinearSampler() {
		final AlmcSampler.Settings settings = AlmcSampler.Settings.defaults().withSigmaRange(3, 0.01).withLevels(40, 1).withFinalSteps(5)
			.withStep(AlmcSampler.Step.IMPLICIT).withStepScale(0.5).withReadout(AlmcSampler.Readout.cleanEstimates(6, 0, 0.85))
			.withStartFactor(10);
		final MeasurementModel lik = denoising(0.1);
		final PosteriorSamples paired = new AlmcSampler(diagonalPrior(), settings.withAntithetic(true)).sample(lik, 9, new SplittableRandom(
			3), SamplerMonitor.NONE);
		final PosteriorSamples independent = new AlmcSampler(diagonalPrior(), settings).sample(lik, 9, new SplittableRandom(3),
			SamplerMonitor.NONE);
		assertTrue(paired.antitheticPairs());
		assertFalse(independent.antitheticPairs());
		final float[][] e = paired.chainEstimates();
		final float[] spread = paired.chainSpread(), error = paired.meanStandardError(), independentError = independent.meanStandardError();
		for (int i = 0; i < SHAPE.size(); i++) {
			// each chain moves: its clean estimates, averaged over 6 steps, spread by about 0.02 here
			assertTrue(spread[i] > 0.01, "spread of pixel " + i + ": " + spread[i]);
			final double firstPair = 0.5 * (e[0][i] + e[1][i]);
			for (int k = 1; k < 4; k++) assertEquals(firstPair, 0.5 * (e[2 * k][i] + e[2 * k + 1][i]), 1e-4, "pair " + k + ", pixel " + i);
			// the lone chain is no mirror of any other
			assertTrue(Math.abs(e[8][i] - firstPair) > 1e-3 || Math.abs(e[8][i] - e[7][i]) > 1e-3, "lone chain, pixel " + i);
			// the mean's Monte Carlo error is then the lone chain's share alone: spread / 9, against spread / 3
			assertEquals(spread[i] / 9, error[i], 1e-3, "standard error of pixel " + i);
			assertEquals(independent.chainSpread()[i] / 3, independentError[i], 1e-6);
		}
	}

	@Test
	void withoutMeasurementItSamplesTheNoisedPrior() {
		final GaussianPrior prior = diagonalPrior();
		final AlmcSampler.Settings settings = VALIDATION_SETTINGS;
		final double tau = NoiseLevels.time(settings.sigmaMin());
		final double[] mean = new double[SHAPE.size()], var = new double[SHAPE.size()];
		final float[] priorMean = prior.mean();
		for (int i = 0; i < mean.length; i++) {
			mean[i] = Math.exp(-tau) * priorMean[i];
			var[i] = Math.exp(-2 * tau) * (0.01 + 0.005 * i) + NoiseLevels.noiseVariance(tau);
		}
		assertDistribution(new AlmcSampler(prior, settings).sample(Likelihood.none(SHAPE), 3000, new SplittableRandom(8),
			SamplerMonitor.NONE), mean, var);
	}

	@Test
	void settingsAreValidated() {
		final AlmcSampler.Readout states = AlmcSampler.Readout.STATES;
		final AlmcSampler.Step explicit = AlmcSampler.Step.EXPLICIT;
		assertThrows(IllegalArgumentException.class, () -> new AlmcSampler.Settings(1, 2, 10, 1, 0.3, 0, 0, states, explicit, 0, false, false));
		assertThrows(IllegalArgumentException.class, () -> new AlmcSampler.Settings(10, 0.01, 1, 1, 0.3, 0, 0, states, explicit, 0, false, false));
		assertThrows(IllegalArgumentException.class, () -> new AlmcSampler.Settings(10, 0.01, 10, 1, 1.5, 0, 0, states, explicit, 0, false, false));
	}

	@Test
	void annealingStartsAtTheStartFactorTimesTheStoppingLevelAndNeverAboveSigmaMax() {
		assertThrows(IllegalArgumentException.class, () -> AlmcSampler.Settings.defaults().withStartFactor(0.5));
		final AlmcSampler.Settings s = AlmcSampler.Settings.defaults().withSigmaRange(3, 0.001);
		assertEquals(3, s.startLevel(0.02), 1e-12);
		assertEquals(0.2, s.withStartFactor(10).startLevel(0.02), 1e-12);
		assertEquals(3, s.withStartFactor(10).startLevel(0.5), 1e-12);
		// always at least two levels' worth of range
		assertEquals(8, s.withStartFactor(10).startLevel(4), 1e-12);
	}

	@Test
	void noiseScheduleIsGeometricFromMaxToMin() {
		final double[] s = NoiseSchedule.geometricSigmas(100, 0.01, 5);
		assertArrayEquals(new double[] { 100, 10, 1, 0.1, 0.01 }, s, 1e-12);
		final double[] t = NoiseSchedule.geometricTimes(100, 0.01, 5);
		for (int i = 0; i < t.length; i++) assertEquals(s[i], NoiseLevels.sigma(t[i]), 1e-9 * s[i]);
	}

	@Test
	void posteriorStatisticsAreComputedOverChains() {
		final float[][] samples = { { 1, 4 }, { 3, 4 }, { 5, 4 } };
		final PosteriorSamples p = new PosteriorSamples(new ImageShape(2), samples, 1, 0);
		assertArrayEquals(new float[] { 3, 4 }, p.mean());
		assertArrayEquals(new float[] { 2, 0 }, p.standardDeviation(), 1e-6f);
		assertArrayEquals(new float[] { 2, 4 }, p.quantile(0.25), 1e-6f);
	}
}
