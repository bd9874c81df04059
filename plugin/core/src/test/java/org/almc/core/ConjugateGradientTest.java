package org.almc.core;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.function.BiConsumer;

import org.almc.core.noise.GaussianNoise;
import org.almc.core.operator.ForwardOperator;
import org.almc.core.operator.IdentityOperator;
import org.almc.core.operator.PsfConvolution;
import org.junit.jupiter.api.Test;

/** The warm start's preconditioned conjugate gradients: same solution, far fewer iterations. */
class ConjugateGradientTest {

	private static float[] gaussianPsf(final int side, final double sigma) {
		final float[] k = new float[side * side];
		double sum = 0;
		for (int y = 0; y < side; y++) {
			for (int x = 0; x < side; x++) {
				final double dx = x - side / 2, dy = y - side / 2;
				k[x + side * y] = (float) Math.exp(-(dx * dx + dy * dy) / (2 * sigma * sigma));
				sum += k[x + side * y];
			}
		}
		for (int i = 0; i < k.length; i++) k[i] /= (float) sum;
		return k;
	}

	/** Solves (I + A^T W A) x = b with and without the preconditioner; returns {iterations plain, preconditioned}. */
	private static int[] compare(final ForwardOperator a, final float[] w) {
		final int n = a.inputShape().size();
		final MeasurementModel model = new MeasurementModel(a, new GaussianNoise(1), new float[a.outputShape().size()], null);
		final float[] tmpData = new float[w.length], tmp = new float[n];
		final BiConsumer<float[], float[]> p = (x, out) -> {
			a.apply(x, tmpData);
			for (int i = 0; i < w.length; i++) tmpData[i] *= w[i];
			a.adjoint(tmpData, tmp);
			for (int i = 0; i < n; i++) out[i] = x[i] + tmp[i];
		};
		final SplittableRandom random = new SplittableRandom(3);
		final float[] b = new float[n];
		for (int i = 0; i < n; i++) b[i] = (float) random.nextGaussian();
		final float[] plain = new float[n], preconditioned = new float[n];
		final int k0 = ConjugateGradient.solve(p, b, plain, 1e-6, 5000);
		final int k1 = ConjugateGradient.solve(p, model.preconditioner(w), b, preconditioned, 1e-6, 5000);
		double diff = 0, norm = 0;
		for (int i = 0; i < n; i++) {
			diff += Math.pow(plain[i] - preconditioned[i], 2);
			norm += Math.pow(plain[i], 2);
		}
		assertTrue(Math.sqrt(diff / norm) < 1e-4, "relative difference of the solutions " + Math.sqrt(diff / norm));
		// the residual of the preconditioned solution is small too
		final float[] check = new float[n];
		p.accept(preconditioned, check);
		double r = 0, bb = 0;
		for (int i = 0; i < n; i++) {
			r += Math.pow(check[i] - b[i], 2);
			bb += Math.pow(b[i], 2);
		}
		// float arithmetic: the recomputed residual carries rounding of about 1e-6 per operator pass
		assertTrue(Math.sqrt(r / bb) < 1e-4, "relative residual " + Math.sqrt(r / bb));
		return new int[] { k0, k1 };
	}

	@Test
	void cosinePreconditionerCutsIterationsForMirrorBlurWithCameraWeights() {
		final ImageShape shape = new ImageShape(96, 80);
		final ForwardOperator a = new PsfConvolution(shape, new ImageShape(15, 15), gaussianPsf(15, 2.0), PsfConvolution.Boundary.MIRROR);
		final SplittableRandom random = new SplittableRandom(1);
		final float[] w = new float[shape.size()];
		// camera weights 1 / variance spread over a factor 4, as between background and bright structure
		for (int i = 0; i < w.length; i++) w[i] = (float) (2000 / (1 + 3 * random.nextDouble()));
		final int[] k = compare(a, w);
		assertTrue(k[1] * 4 < k[0], "iterations preconditioned " + k[1] + " vs plain " + k[0]);
	}

	@Test
	void identityOperatorIsSolvedInOneIteration() {
		final ImageShape shape = new ImageShape(40, 30);
		final SplittableRandom random = new SplittableRandom(2);
		final float[] w = new float[shape.size()];
		for (int i = 0; i < w.length; i++) w[i] = (float) (random.nextDouble() < 0.1 ? 0 : 10 + 5000 * random.nextDouble());
		final int[] k = compare(new IdentityOperator(shape), w);
		assertTrue(k[1] == 1, "preconditioned iterations " + k[1] + " (plain " + k[0] + ")");
	}
}
