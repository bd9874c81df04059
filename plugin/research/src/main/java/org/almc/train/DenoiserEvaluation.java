package org.almc.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.almc.core.ImageShape;
import org.almc.core.ScoreModel;
import org.almc.model.ModelMetadata;
import org.almc.phantom.GaussianBlur;

/**
 * Measures a denoiser on the held-out strips of clean, normalized images: Gaussian noise of level
 * {@code sigma} is added (seeded), and the PSNR (peak 1, the normalized range) of the denoised
 * result is compared with that of the noisy input and of the best Gaussian filter, whose width is
 * chosen by an oracle (the one with the highest PSNR against the clean image).
 */
public final class DenoiserEvaluation {

	/** Gaussian filter widths (pixels) tried by the oracle. */
	static final double[] GAUSSIAN_SIGMAS = { 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.2, 1.4, 1.6, 1.8, 2.0, 2.4,
		2.8, 3.2, 4.0, 5.0 };

	private DenoiserEvaluation() {}

	/** One noisy held-out plane and its clean version. */
	static final class Case {

		final ImageShape shape;
		final float[] clean;
		final float[] noisy;

		Case(final TrainingImage image, final double sigma, final long seed) {
			shape = new ImageShape(image.validationWidth(), image.height);
			clean = image.validationRegion();
			noisy = new float[clean.length];
			final Random random = new Random(seed);
			for (int i = 0; i < clean.length; i++) noisy[i] = (float) (clean[i] + sigma * random.nextGaussian());
		}
	}

	/** PSNR of the denoiser, the noisy input and the best Gaussian filter, per image and level. */
	public static List<ModelMetadata.PsnrRow> psnrTable(final ScoreModel model, final List<TrainingImage> images,
		final double[] sigmas, final long seed)
	{
		final List<ModelMetadata.PsnrRow> rows = new ArrayList<>();
		for (int i = 0; i < images.size(); i++) {
			for (int j = 0; j < sigmas.length; j++) {
				final Case c = new Case(images.get(i), sigmas[j], seed + 1000L * i + j);
				final ModelMetadata.PsnrRow row = new ModelMetadata.PsnrRow();
				row.image = images.get(i).name;
				row.sigma = sigmas[j];
				row.psnrNoisy = psnr(c.clean, c.noisy);
				row.psnrBestGaussian = Double.NEGATIVE_INFINITY;
				for (final double g : GAUSSIAN_SIGMAS) {
					final double p = psnr(c.clean, GaussianBlur.blur(c.noisy, c.shape.dim(0), c.shape.dim(1), g));
					if (p > row.psnrBestGaussian) {
						row.psnrBestGaussian = p;
						row.bestGaussianSigmaPixels = g;
					}
				}
				row.psnrDenoised = psnr(c.clean, denoise(model, c, sigmas[j]));
				rows.add(row);
			}
		}
		return rows;
	}

	/** Mean squared error, PSNR and EDM-weighted loss per level, pooled over all images' held-out strips. */
	public static List<ModelMetadata.SigmaLoss> lossPerSigma(final ScoreModel model, final List<TrainingImage> images,
		final double[] sigmas, final double sigmaData, final long seed)
	{
		final List<ModelMetadata.SigmaLoss> out = new ArrayList<>();
		for (int j = 0; j < sigmas.length; j++) {
			double se = 0;
			long n = 0;
			for (int i = 0; i < images.size(); i++) {
				final Case c = new Case(images.get(i), sigmas[j], seed + 7919L * j + i);
				final float[] d = denoise(model, c, sigmas[j]);
				for (int k = 0; k < d.length; k++) se += (d[k] - c.clean[k]) * (double) (d[k] - c.clean[k]);
				n += d.length;
			}
			final ModelMetadata.SigmaLoss l = new ModelMetadata.SigmaLoss();
			l.sigma = sigmas[j];
			l.mse = se / n;
			l.psnr = 10 * Math.log10(1 / l.mse);
			final double s2 = sigmas[j] * sigmas[j], d2 = sigmaData * sigmaData;
			l.edmLoss = l.mse * (s2 + d2) / (s2 * d2);
			out.add(l);
		}
		return out;
	}

	private static float[] denoise(final ScoreModel model, final Case c, final double sigma) {
		final float[][] out = { new float[c.noisy.length] };
		model.denoise(c.shape, new float[][] { c.noisy }, sigma, out);
		return out[0];
	}

	/** {@code 10 log10(1 / MSE)}: PSNR for a peak value of 1. */
	public static double psnr(final float[] clean, final float[] estimate) {
		double se = 0;
		for (int i = 0; i < clean.length; i++) se += (estimate[i] - clean[i]) * (double) (estimate[i] - clean[i]);
		return 10 * Math.log10(clean.length / se);
	}
}
