package org.almc.tf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;

import org.almc.core.ImageShape;
import org.junit.jupiter.api.Test;

/**
 * Mixed precision against float32 on the shipped model. Runs in its own surefire execution with
 * oneDNN on (the other tests turn it off for reproducible sums), so on a CPU with bfloat16 units the
 * rewrite really happens and is measured; elsewhere {@code auto} must choose float32.
 */
class MixedPrecisionTest {

	@Test
	void mixedPrecisionDenoisesLikeFloat32RelativeToTheNoiseLevel() throws IOException {
		// the surefire execution "onednn" runs this class with oneDNN on; an explicit -Dtest also runs it in the default one
		assumeTrue(Precision.oneDnnEnabled(), "oneDNN is off in this JVM (TF_ENABLE_ONEDNN_OPTS=0)");
		final boolean hardware = Precision.hardwareBfloat16();
		assertEquals(hardware ? Precision.MIXED : Precision.FLOAT32, Precision.AUTO.resolve());
		final ImageShape shape = new ImageShape(96, 64);
		final float[][] x = TfScoreModelTest.randomImages(2, shape.size(), 9);
		try (TfScoreModel exact = TfScoreModel.load(TfScoreModelTest.MODEL, 2, Precision.FLOAT32);
			TfScoreModel mixed = TfScoreModel.load(TfScoreModelTest.MODEL, 2, Precision.MIXED))
		{
			assertEquals(Precision.FLOAT32, exact.precision());
			assertEquals(Precision.MIXED, mixed.precision());
			double largest = 0;
			for (final double sigma : new double[] { 0.01, 0.1, 1 }) {
				final float[][] a = new float[2][shape.size()], b = new float[2][shape.size()];
				exact.denoise(shape, x, sigma, a);
				mixed.denoise(shape, x, sigma, b);
				double d = 0;
				for (int c = 0; c < 2; c++) for (int i = 0; i < shape.size(); i++) d += Math.pow(a[c][i] - b[c][i], 2);
				final double rms = Math.sqrt(d / (2 * shape.size()));
				System.out.printf("sigma %.2f: rms difference %.3g (%.3f sigma)%n", sigma, rms, rms / sigma);
				// bfloat16 keeps 8 significant bits; EDM scaling puts the error on the network's output, of size sigma
				assertTrue(rms < 0.2 * sigma, "sigma " + sigma + ": rms difference " + rms);
				largest = Math.max(largest, rms);
			}
			// on bfloat16 hardware the rewrite ran: the outputs are not float32's
			if (hardware) assertTrue(largest > 0, "mixed precision gave float32's outputs bit for bit: the bfloat16 rewrite did not run");
		}
	}
}
