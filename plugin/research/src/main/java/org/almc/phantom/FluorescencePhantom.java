package org.almc.phantom;

import java.util.Random;

/**
 * Procedural fluorescence-microscopy phantoms: dim cell bodies, textured nuclei, curved filaments
 * (actin/microtubule-like) and puncta (vesicles, mitochondria fragments), blurred by a Gaussian
 * point spread function. Intensities are relative, roughly in {@code [0, 1]}; the same seed gives
 * the same image.
 */
public final class FluorescencePhantom {

	/** Relative amounts of each structure, per 256x256 area. */
	public int cellsPerArea = 3;
	public int nucleiPerArea = 2;
	public int filamentsPerArea = 14;
	public int punctaPerArea = 60;
	/** Standard deviation of the Gaussian PSF in pixels. */
	public double psfSigma = 1.0;

	/** Renders one {@code width x height} plane, X fastest. */
	public float[] render(final int width, final int height, final Random random) {
		final double area = width * (double) height / (256.0 * 256.0);
		final float[] img = new float[width * height];
		final float[] bodies = new float[width * height];
		for (int i = 0; i < Math.max(1, Math.round(cellsPerArea * area)); i++) {
			ellipse(bodies, width, height, random.nextDouble() * width, random.nextDouble() * height,
				40 + 50 * random.nextDouble(), 30 + 40 * random.nextDouble(), random.nextDouble() * Math.PI,
				0.08 + 0.12 * random.nextDouble());
		}
		final float[] smoothBodies = GaussianBlur.blur(bodies, width, height, 8);
		for (int i = 0; i < img.length; i++) img[i] += smoothBodies[i];

		final float[] nuclei = new float[width * height];
		for (int i = 0; i < Math.max(1, Math.round(nucleiPerArea * area)); i++) {
			ellipse(nuclei, width, height, random.nextDouble() * width, random.nextDouble() * height,
				22 + 22 * random.nextDouble(), 16 + 16 * random.nextDouble(), random.nextDouble() * Math.PI,
				0.35 + 0.4 * random.nextDouble());
		}
		final float[] texture = new float[width * height];
		for (int i = 0; i < texture.length; i++) texture[i] = (float) random.nextGaussian();
		final float[] smoothTexture = GaussianBlur.blur(texture, width, height, 2.5);
		final float[] softNuclei = GaussianBlur.blur(nuclei, width, height, 1.5);
		for (int i = 0; i < img.length; i++) img[i] += softNuclei[i] * (float) Math.max(0.2, 1 + 1.5 * smoothTexture[i]);

		for (int i = 0; i < Math.round(filamentsPerArea * area); i++) filament(img, width, height, random);
		for (int i = 0; i < Math.round(punctaPerArea * area); i++) {
			spot(img, width, height, random.nextDouble() * width, random.nextDouble() * height,
				0.6 + 1.2 * random.nextDouble(), 0.2 + 0.6 * random.nextDouble());
		}
		final float[] blurred = GaussianBlur.blur(img, width, height, psfSigma);
		for (int i = 0; i < blurred.length; i++) blurred[i] += 0.02f;
		return blurred;
	}

	private static void ellipse(final float[] img, final int width, final int height, final double cx,
		final double cy, final double a, final double b, final double angle, final double value)
	{
		final double c = Math.cos(angle), s = Math.sin(angle);
		final int r = (int) Math.ceil(Math.max(a, b));
		for (int y = Math.max(0, (int) (cy - r)); y < Math.min(height, cy + r + 1); y++) {
			for (int x = Math.max(0, (int) (cx - r)); x < Math.min(width, cx + r + 1); x++) {
				final double u = ((x - cx) * c + (y - cy) * s) / a, v = (-(x - cx) * s + (y - cy) * c) / b;
				if (u * u + v * v <= 1) img[y * width + x] = (float) Math.max(img[y * width + x], value);
			}
		}
	}

	/** A persistent random walk drawn with a thin Gaussian profile. */
	private static void filament(final float[] img, final int width, final int height, final Random random) {
		double x = random.nextDouble() * width, y = random.nextDouble() * height;
		double angle = random.nextDouble() * 2 * Math.PI;
		final double curvature = 0.004 * random.nextGaussian();
		final double intensity = 0.25 + 0.5 * random.nextDouble();
		final double thickness = 0.7 + 0.6 * random.nextDouble();
		final int steps = 150 + random.nextInt(500);
		for (int i = 0; i < steps; i++) {
			angle += curvature + 0.03 * random.nextGaussian();
			x += 0.5 * Math.cos(angle);
			y += 0.5 * Math.sin(angle);
			spot(img, width, height, x, y, thickness, 0.2 * intensity);
		}
	}

	private static void spot(final float[] img, final int width, final int height, final double cx, final double cy,
		final double sigma, final double peak)
	{
		final int r = (int) Math.ceil(3 * sigma);
		for (int y = Math.max(0, (int) cy - r); y <= Math.min(height - 1, (int) cy + r); y++) {
			for (int x = Math.max(0, (int) cx - r); x <= Math.min(width - 1, (int) cx + r); x++) {
				final double d2 = (x - cx) * (x - cx) + (y - cy) * (y - cy);
				img[y * width + x] += (float) (peak * Math.exp(-0.5 * d2 / (sigma * sigma)));
			}
		}
	}
}
