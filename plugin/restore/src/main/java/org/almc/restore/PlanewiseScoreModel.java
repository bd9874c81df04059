package org.almc.restore;

import org.almc.core.ImageShape;
import org.almc.core.ScoreModel;

/**
 * A 2D prior applied to each plane of a 3D volume: for shapes {@code (x, y, z)} every chain's
 * {@code z} planes become {@code z} items of one batched call of the 2D model (the prior of a volume
 * is taken as the product of its planes' priors). 2D shapes pass through.
 */
final class PlanewiseScoreModel implements ScoreModel {

	private final ScoreModel planeModel;

	PlanewiseScoreModel(final ScoreModel planeModel) {
		this.planeModel = planeModel;
	}

	@Override
	public void denoise(final ImageShape shape, final float[][] noisy, final double sigma, final float[][] out) {
		if (shape.numDimensions() < 3) {
			planeModel.denoise(shape, noisy, sigma, out);
			return;
		}
		final ImageShape plane = new ImageShape(shape.dim(0), shape.dim(1));
		final float[][] in = split(noisy, shape, plane);
		final float[][] res = new float[in.length][plane.size()];
		planeModel.denoise(plane, in, sigma, res);
		join(res, shape, plane, out);
	}

	@Override
	public boolean hasPlaneSymmetries() {
		return planeModel.hasPlaneSymmetries();
	}

	@Override
	public boolean supportsVectorJacobianProduct() {
		return planeModel.supportsVectorJacobianProduct();
	}

	@Override
	public void denoiseVectorJacobianProduct(final ImageShape shape, final float[][] noisy, final double sigma,
		final float[][] v, final float[][] out)
	{
		if (shape.numDimensions() < 3) {
			planeModel.denoiseVectorJacobianProduct(shape, noisy, sigma, v, out);
			return;
		}
		final ImageShape plane = new ImageShape(shape.dim(0), shape.dim(1));
		final float[][] res = new float[noisy.length * shape.dim(2)][plane.size()];
		planeModel.denoiseVectorJacobianProduct(plane, split(noisy, shape, plane), sigma, split(v, shape, plane), res);
		join(res, shape, plane, out);
	}

	private static float[][] split(final float[][] volumes, final ImageShape shape, final ImageShape plane) {
		final int depth = shape.dim(2), n = plane.size();
		final float[][] planes = new float[volumes.length * depth][n];
		for (int c = 0; c < volumes.length; c++) {
			for (int z = 0; z < depth; z++) System.arraycopy(volumes[c], z * n, planes[c * depth + z], 0, n);
		}
		return planes;
	}

	private static void join(final float[][] planes, final ImageShape shape, final ImageShape plane, final float[][] out) {
		final int depth = shape.dim(2), n = plane.size();
		for (int c = 0; c < out.length; c++) {
			for (int z = 0; z < depth; z++) System.arraycopy(planes[c * depth + z], 0, out[c], z * n, n);
		}
	}
}
