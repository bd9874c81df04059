package org.almc.core.operator;

import java.util.Arrays;
import java.util.Optional;

import org.almc.core.ImageShape;

/** {@code A = I}: denoising. */
public final class IdentityOperator implements ForwardOperator {

	private final ImageShape shape;

	public IdentityOperator(final ImageShape shape) {
		this.shape = shape;
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
		System.arraycopy(x, 0, out, 0, shape.size());
	}

	@Override
	public void adjoint(final float[] y, final float[] out) {
		System.arraycopy(y, 0, out, 0, shape.size());
	}

	@Override
	public double noiseGain() {
		return 1;
	}

	@Override
	public double normSquaredBound() {
		return 1;
	}

	@Override
	public Optional<float[]> circulantPowerSpectrum() {
		final float[] ones = new float[shape.size()];
		Arrays.fill(ones, 1f);
		return Optional.of(ones);
	}

	@Override
	public Optional<float[]> cosinePowerSpectrum() {
		return circulantPowerSpectrum();
	}

	@Override
	public Optional<float[]> cosineEigenvalues() {
		return circulantPowerSpectrum();
	}

	@Override
	public ForwardOperator copy() {
		return this;
	}
}
