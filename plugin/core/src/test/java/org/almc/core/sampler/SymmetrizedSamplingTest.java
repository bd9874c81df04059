package org.almc.core.sampler;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.almc.core.ImageShape;
import org.almc.core.MeasurementModel;
import org.almc.core.ScoreModel;
import org.almc.core.noise.PoissonGaussianNoise;
import org.almc.core.operator.PsfConvolution;
import org.almc.core.prior.GaussianPrior;
import org.junit.jupiter.api.Test;

/** {@link AlmcSampler.Settings#symmetrized}: what the flips and quarter turns change, and what they must not. */
class SymmetrizedSamplingTest {

	private static final float[] PSF = { 0.05f, 0.1f, 0.05f, 0.1f, 0.4f, 0.1f, 0.05f, 0.1f, 0.05f };

	/** A prior stated to have the plane's symmetries (whether it has them or not). */
	private static ScoreModel declaredSymmetric(final ScoreModel prior) {
		return new ScoreModel() {

			@Override
			public void denoise(final ImageShape shape, final float[][] noisy, final double sigma, final float[][] out) {
				prior.denoise(shape, noisy, sigma, out);
			}

			@Override
			public boolean hasPlaneSymmetries() {
				return true;
			}
		};
	}

	/** The same prior in every pixel: its denoiser commutes with every permutation of the pixels. */
	private static GaussianPrior iid(final ImageShape shape) {
		final float[] mean = new float[shape.size()], variances = new float[shape.size()];
		Arrays.fill(mean, 0.3f);
		Arrays.fill(variances, 0.04f);
		return GaussianPrior.diagonal(shape, mean, variances);
	}

	/** A prior that differs from pixel to pixel: flipped images are not equally likely under it. */
	private static GaussianPrior patterned(final ImageShape shape) {
		final float[] mean = new float[shape.size()], variances = new float[shape.size()];
		for (int i = 0; i < mean.length; i++) {
			mean[i] = 0.3f + 0.02f * (i % 7);
			variances[i] = 0.02f + 0.002f * (i % 5);
		}
		return GaussianPrior.diagonal(shape, mean, variances);
	}

	/** The presets' kind of run: blur, camera noise, implicit steps, clean estimates with a probe, antithetic pairs. */
	private static PosteriorSamples run(final ScoreModel prior, final ImageShape shape, final boolean symmetrized) {
		final float[] y = new float[shape.size()];
		for (int i = 0; i < y.length; i++) y[i] = (float) (0.2 + 0.6 * ((i * 37) % 11) / 10.0);
		final ImageShape psfShape = shape.numDimensions() == 3 ? new ImageShape(3, 3, 1) : new ImageShape(3, 3);
		final MeasurementModel measurement = new MeasurementModel(new PsfConvolution(shape, psfShape, PSF, PsfConvolution.Boundary.MIRROR),
			new PoissonGaussianNoise(0.01, 0.02), y, null);
		final AlmcSampler.Settings settings = AlmcSampler.Settings.defaults().withSigmaRange(3, 0.001).withLevels(20, 1).withFinalSteps(4)
			.withStep(AlmcSampler.Step.IMPLICIT).withStepScale(0.5).withReadout(AlmcSampler.Readout.cleanEstimates(5, 1, 0.85))
			.withStartFactor(10).withAntithetic(true).withSymmetrized(symmetrized);
		return new AlmcSampler(prior, settings).sample(measurement, 4, new SplittableRandom(2026), SamplerMonitor.NONE);
	}

	private static void assertSameAnswer(final PosteriorSamples expected, final PosteriorSamples actual) {
		assertArrayEquals(expected.mean(), actual.mean(), 1e-6f, "mean");
		assertArrayEquals(expected.standardDeviation(), actual.standardDeviation(), 1e-6f, "standard deviation");
		assertEquals(expected.networkEvaluations(), actual.networkEvaluations());
	}

	@Test
	void aPriorWithTheSymmetriesGetsTheSameAnswerEveryWayTurned() {
		// the transforms and their inverses must meet exactly, the probes' included: for a denoiser that
		// commutes with them, nothing may change, on square planes (8 transforms), others (4) and volumes
		for (final ImageShape shape : new ImageShape[] { new ImageShape(8, 8), new ImageShape(9, 6), new ImageShape(6, 6, 3) }) {
			final GaussianPrior prior = iid(shape);
			assertSameAnswer(run(prior, shape, false), run(declaredSymmetric(prior), shape, true));
		}
	}

	@Test
	void aModelThatDoesNotStateTheSymmetriesIsNeverTurned() {
		final ImageShape shape = new ImageShape(8, 8);
		final GaussianPrior prior = patterned(shape);
		final PosteriorSamples plain = run(prior, shape, false);
		assertSameAnswer(plain, run(prior, shape, true));
		// turning a prior that lacks the symmetries would change the answer (what the guard prevents)
		assertFalse(Arrays.equals(plain.mean(), run(declaredSymmetric(prior), shape, true).mean()));
	}

	@Test
	void successiveEvaluationsAverageTheNetworksOrientationOut() {
		// a denoiser with an error along +x: u + a (u[x+1] - u[x]). Turned all 8 ways and turned back, the
		// errors become the forward and backward differences along x and y, whose mean is a / 4 times the
		// discrete Laplacian: an error with no direction (away from the border, where the difference stops)
		final int nx = 7;
		final ImageShape shape = new ImageShape(nx, nx);
		final double a = 0.2;
		final ScoreModel skewed = declaredSymmetric((s, noisy, sigma, out) -> {
			for (int c = 0; c < noisy.length; c++) {
				for (int i = 0; i < noisy[c].length; i++) out[c][i] = noisy[c][i] + (float) (i % nx < nx - 1 ? a * (noisy[c][i + 1] - noisy[c][i]) : 0);
			}
		});
		final float[] u = new float[shape.size()];
		final SplittableRandom random = new SplittableRandom(5);
		for (int i = 0; i < u.length; i++) u[i] = (float) random.nextDouble();
		final ScoreEvaluator scorer = new ScoreEvaluator(skewed, shape, 1, true, false);
		final double t = 0.1, scale = Math.exp(t);
		final float[][] x = { new float[u.length] }, estimate = { new float[u.length] };
		for (int i = 0; i < u.length; i++) x[0][i] = (float) (u[i] / scale);
		final double[] average = new double[u.length];
		for (int k = 0; k < 8; k++) {
			scorer.cleanEstimate(x, t, estimate);
			for (int i = 0; i < u.length; i++) average[i] += estimate[0][i] / 8.0;
		}
		for (int py = 1; py < nx - 1; py++) {
			for (int px = 1; px < nx - 1; px++) {
				final int i = px + nx * py;
				final double laplacian = u[i - 1] + u[i + 1] + u[i - nx] + u[i + nx] - 4 * u[i];
				assertEquals(u[i] + a / 4 * laplacian, average[i], 1e-5, "pixel " + px + ", " + py);
			}
		}
	}
}
