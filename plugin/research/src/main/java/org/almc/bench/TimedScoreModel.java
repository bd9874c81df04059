package org.almc.bench;

import java.util.concurrent.atomic.AtomicLong;

import org.almc.core.ImageShape;
import org.almc.core.ScoreModel;

/** A score model that measures the wall time spent inside the wrapped model (network calls). */
final class TimedScoreModel implements ScoreModel {

	private final ScoreModel model;
	private final AtomicLong nanos = new AtomicLong();
	private final AtomicLong calls = new AtomicLong();

	TimedScoreModel(final ScoreModel model) {
		this.model = model;
	}

	/** Seconds spent in the model since construction. */
	double seconds() {
		return nanos.get() / 1e9;
	}

	long calls() {
		return calls.get();
	}

	@Override
	public void denoise(final ImageShape shape, final float[][] noisy, final double sigma, final float[][] out) {
		final long t0 = System.nanoTime();
		try {
			model.denoise(shape, noisy, sigma, out);
		}
		finally {
			nanos.addAndGet(System.nanoTime() - t0);
			calls.incrementAndGet();
		}
	}

	@Override
	public boolean hasPlaneSymmetries() {
		return model.hasPlaneSymmetries();
	}

	@Override
	public boolean supportsVectorJacobianProduct() {
		return model.supportsVectorJacobianProduct();
	}

	@Override
	public void denoiseVectorJacobianProduct(final ImageShape shape, final float[][] noisy, final double sigma,
		final float[][] v, final float[][] out)
	{
		final long t0 = System.nanoTime();
		try {
			model.denoiseVectorJacobianProduct(shape, noisy, sigma, v, out);
		}
		finally {
			nanos.addAndGet(System.nanoTime() - t0);
			calls.incrementAndGet();
		}
	}
}
