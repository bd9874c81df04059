package org.almc.core.sampler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;

import org.almc.core.ImageShape;
import org.almc.core.MeasurementModel;
import org.almc.core.noise.PoissonGaussianNoise;
import org.almc.core.noise.PoissonNoise;
import org.almc.core.operator.PsfConvolution;
import org.almc.core.prior.GaussianPrior;
import org.junit.jupiter.api.Test;

/**
 * Same seeds, same outputs: a few numbers of two complete runs, pinned, so that a refactoring of the
 * sampler that changes what it computes (or the order of its random draws) shows here rather than in a
 * benchmark. Both runs are pure Java (a Gaussian prior): the blurred camera measurement with the presets'
 * settings (exact warm start, implicit steps, clean-estimate readout with a probe, antithetic pairs) and a
 * Poisson measurement with the paper's explicit steps (Langevin warm start, the states as the readout).
 * A deliberate change of the numbers updates the pins and says why in its commit.
 */
class PinnedOutputsTest {

	private static final ImageShape SHAPE = new ImageShape(16, 12);
	private static final ImageShape PSF_SHAPE = new ImageShape(3, 3);
	private static final float[] PSF = { 0.05f, 0.1f, 0.05f, 0.1f, 0.4f, 0.1f, 0.05f, 0.1f, 0.05f };

	private static GaussianPrior prior() {
		final float[] mean = new float[SHAPE.size()], variances = new float[SHAPE.size()];
		for (int i = 0; i < mean.length; i++) {
			mean[i] = 0.3f + 0.02f * (i % 7);
			variances[i] = 0.02f + 0.002f * (i % 5);
		}
		return GaussianPrior.diagonal(SHAPE, mean, variances);
	}

	private static float[] data(final double scale, final double offset) {
		final float[] y = new float[SHAPE.size()];
		for (int i = 0; i < y.length; i++) y[i] = (float) (offset + scale * (0.2 + 0.6 * ((i * 37) % 11) / 10.0));
		return y;
	}

	private static double[] summary(final PosteriorSamples s) {
		final float[] mean = s.mean(), std = s.standardDeviation();
		return new double[] { mean[0], mean[77], mean[SHAPE.size() - 1], std[0], std[77], std[SHAPE.size() - 1] };
	}

	private static void assertPinned(final double[] expected, final double[] actual) {
		for (int k = 0; k < expected.length; k++) assertEquals(expected[k], actual[k], 1e-5 * Math.max(1, Math.abs(expected[k])), "value " + k +
			" of " + java.util.Arrays.toString(actual));
	}

	@Test
	void thePresetsSettingsOnABlurredCameraImage() {
		final MeasurementModel measurement = new MeasurementModel(new PsfConvolution(SHAPE, PSF_SHAPE, PSF, PsfConvolution.Boundary.MIRROR),
			new PoissonGaussianNoise(0.01, 0.02), data(1, 0), null);
		final AlmcSampler.Settings settings = AlmcSampler.Settings.defaults().withSigmaRange(3, 0.001).withLevels(20, 1).withFinalSteps(4)
			.withStep(AlmcSampler.Step.IMPLICIT).withStepScale(0.5).withReadout(AlmcSampler.Readout.cleanEstimates(5, 1, 0.85))
			.withStartFactor(10).withAntithetic(true);
		final PosteriorSamples s = new AlmcSampler(prior(), settings).sample(measurement, 4, new SplittableRandom(2026), SamplerMonitor.NONE);
		assertPinned(new double[] { 0.12645506858825684, 0.024781901389360428, 0.4773138165473938, 0.1353093534708023, 0.1055678129196167,
			0.06714844703674316 }, summary(s));
	}

	@Test
	void thePapersSamplerOnAPoissonImage() {
		final MeasurementModel measurement = new MeasurementModel(new PsfConvolution(SHAPE, PSF_SHAPE, PSF, PsfConvolution.Boundary.MIRROR),
			new PoissonNoise(50, 0, 1), data(1, 0), null);
		final AlmcSampler.Settings settings = AlmcSampler.Settings.defaults().withSigmaRange(10, 0.01).withLevels(100, 1).withFinalSteps(3);
		final PosteriorSamples s = new AlmcSampler(prior(), settings).sample(measurement, 3, new SplittableRandom(7),
			SamplerMonitor.NONE);
		assertPinned(new double[] { 0.4391842782497406, 0.532503604888916, 0.22422318160533905, 0.3998681604862213, 0.798065185546875,
			0.6189686059951782 }, summary(s));
	}
}
