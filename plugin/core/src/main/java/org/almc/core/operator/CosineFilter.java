package org.almc.core.operator;

import java.util.Optional;

import org.almc.core.ImageShape;
import org.almc.core.util.Dct;

/**
 * A symmetric operator given by its eigenvalues in the orthonormal DCT-II basis,
 * {@code A = C^T diag(mu) C}: a mirror-boundary convolution with a symmetric kernel of any extent, stated
 * by its spectrum. The filter that whitens correlated noise is one ({@link org.almc.core.CorrelatedNoiseMeasurement}).
 */
public final class CosineFilter implements ForwardOperator {

	private final ImageShape shape;
	/** {@code mu_f}, in {@link Dct} order. */
	private final float[] eigenvalues;
	private final CosineProduct product;

	/**
	 * @param shape the image grid (input and output)
	 * @param eigenvalues {@code mu_f} in {@link Dct} order (X fastest, frequency {@code j} of the basis
	 *          vector {@code cos(pi j (i + 1/2) / n)} along each axis); copied
	 */
	public CosineFilter(final ImageShape shape, final float[] eigenvalues) {
		if (eigenvalues.length != shape.size()) {
			throw new IllegalArgumentException("The filter has " + eigenvalues.length + " eigenvalues, the image " + shape.size() + " pixels");
		}
		for (final float mu : eigenvalues) {
			if (!Float.isFinite(mu)) throw new IllegalArgumentException("The filter's eigenvalues must be finite");
		}
		this.shape = shape;
		this.eigenvalues = eigenvalues.clone();
		this.product = new CosineProduct(shape, this.eigenvalues);
	}

	private CosineFilter(final CosineFilter other) {
		this.shape = other.shape;
		this.eigenvalues = other.eigenvalues;
		this.product = (CosineProduct) other.product.copy();
	}

	@Override
	public ImageShape inputShape() {
		return shape;
	}

	@Override
	public ImageShape outputShape() {
		return shape;
	}

	@Override
	public void apply(final float[] x, final float[] out) {
		product.apply(x, out);
	}

	/** The operator is symmetric. */
	@Override
	public void adjoint(final float[] y, final float[] out) {
		product.apply(y, out);
	}

	/** {@code max mu^2}, exact. */
	@Override
	public double normSquaredBound() {
		double max = 0;
		for (final float mu : eigenvalues) max = Math.max(max, mu * (double) mu);
		return max;
	}

	/** {@code mean mu^2}: the variance of a pixel of {@code A z} for white {@code z}, away from the borders. */
	@Override
	public double noiseGain() {
		double sum = 0;
		for (final float mu : eigenvalues) sum += mu * (double) mu;
		return sum / eigenvalues.length;
	}

	@Override
	public Optional<float[]> cosinePowerSpectrum() {
		final float[] power = new float[eigenvalues.length];
		for (int f = 0; f < power.length; f++) power[f] = eigenvalues[f] * eigenvalues[f];
		return Optional.of(power);
	}

	@Override
	public Optional<float[]> cosineEigenvalues() {
		return Optional.of(eigenvalues.clone());
	}

	@Override
	public ForwardOperator copy() {
		return new CosineFilter(this);
	}
}
