package org.almc.restore;

import org.almc.core.ImageShape;
import org.almc.core.ScoreModel;
import org.almc.model.ModelMetadata;

/** Fast analytic stand-ins for the learned prior in pipeline tests (which do not test the network). */
final class TestPriors {

	private TestPriors() {}

	/** An i.i.d. Gaussian prior N(mean, variance) per pixel, for any shape: exact denoiser. */
	static ScoreModel iidGaussian(final double mean, final double variance) {
		return new ScoreModel() {

			@Override
			public void denoise(final ImageShape shape, final float[][] noisy, final double sigma, final float[][] out) {
				final double a = variance / (variance + sigma * sigma);
				for (int c = 0; c < noisy.length; c++) {
					for (int i = 0; i < noisy[c].length; i++) out[c][i] = (float) (mean + a * (noisy[c][i] - mean));
				}
			}
		};
	}

	static ModelMetadata metadata() {
		final ModelMetadata m = new ModelMetadata();
		m.name = "iid-gaussian-test-prior";
		m.sigmaMin = 0.003;
		m.sigmaMax = 60;
		m.sizeMultiple = 4;
		m.receptiveField = 16;
		return m;
	}
}
