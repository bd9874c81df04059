package org.almc.tf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.Stream;

import org.almc.core.ImageShape;
import org.almc.core.util.PlaneSymmetries;
import org.almc.model.ModelMetadata;
import org.almc.testing.Project;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bundled model loads, runs and matches its metadata; its VJP matches finite differences. */
class TfScoreModelTest {

	/** The shipped model, relative to the plugin module (override with -Dalmc.model=DIR). */
	static final Path MODEL = Project.defaultModel();

	private static TfScoreModel model;

	@BeforeAll
	static void load() throws IOException {
		model = TfScoreModel.load(MODEL, 2);
	}

	@AfterAll
	static void close() {
		if (model != null) model.close();
	}

	static float[][] randomImages(final int chains, final int pixels, final long seed) {
		final Random random = new Random(seed);
		final float[][] x = new float[chains][pixels];
		for (final float[] p : x) for (int i = 0; i < p.length; i++) p[i] = (float) (0.3 + 0.2 * random.nextGaussian());
		return x;
	}

	@Test
	void metadataDescribesTheShippedModel() {
		final ModelMetadata m = model.metadata();
		assertEquals(4, m.sizeMultiple);
		assertEquals(m.architecture.receptiveField(), m.receptiveField);
		// the broad prior: the three BPAE images with their held-out strips, and whole images of many structures
		assertEquals(3, m.training.data.stream().filter(ModelMetadata.DataFile::hasHeldOutStrip).count());
		assertTrue(m.training.data.size() > 20, m.training.data.size() + " training images");
		assertTrue(m.training.steps > 0);
		assertTrue(m.attribution.contains("BioImageAnalysisNotebooks, R. Haase et al., CC-BY 4.0"));
		assertEquals(SavedModelWriter.standardSignatures().keySet(), m.signatures.keySet());
	}

	/**
	 * The shipped model states that it was trained on every flip and quarter turn, and its network nearly
	 * commutes with them: turning a noisy image changes the answer by far less than denoising does. A model
	 * whose {@code model.json} states no such augmentation is never turned by the sampler.
	 */
	@Test
	void theShippedModelStatesItsSymmetries(@TempDir final Path tmp) throws IOException {
		assertTrue(model.hasPlaneSymmetries());
		final ImageShape shape = new ImageShape(48, 48);
		final PlaneSymmetries symmetries = new PlaneSymmetries(shape);
		final float[][] noisy = randomImages(1, shape.size(), 11), plain = new float[1][shape.size()];
		model.denoise(shape, noisy, 0.1, plain);
		final float[][] turned = new float[1][shape.size()], answer = new float[1][shape.size()];
		final float[] back = new float[shape.size()];
		for (int g = 1; g < symmetries.count(); g++) {
			symmetries.apply(g, noisy[0], turned[0]);
			model.denoise(shape, turned, 0.1, answer);
			symmetries.undo(g, answer[0], back);
			double change = 0, denoising = 0;
			for (int i = 0; i < back.length; i++) {
				change += (back[i] - plain[0][i]) * (double) (back[i] - plain[0][i]);
				denoising += (noisy[0][i] - plain[0][i]) * (double) (noisy[0][i] - plain[0][i]);
			}
			assertTrue(change < 0.05 * denoising, "transform " + g + ": " + change / denoising + " of the denoising's energy");
		}
		final Path copy = copyModel(tmp);
		final Path json = copy.resolve(ModelMetadata.FILE_NAME);
		final String text = new String(Files.readAllBytes(json), StandardCharsets.UTF_8);
		assertTrue(text.contains(ModelMetadata.Training.PLANE_SYMMETRIES));
		Files.write(json, text.replace(ModelMetadata.Training.PLANE_SYMMETRIES, "none").getBytes(StandardCharsets.UTF_8));
		try (TfScoreModel unturned = TfScoreModel.load(copy)) {
			assertFalse(unturned.hasPlaneSymmetries());
		}
	}

	/** The session names its devices; the CLI prints the one the network runs on. */
	@Test
	void theSessionNamesTheDeviceTheNetworkRunsOn() {
		final java.util.List<String> devices = model.devices();
		assertTrue(devices.stream().anyMatch(d -> d.endsWith("/device:CPU:0")), devices.toString());
		final boolean gpu = devices.stream().anyMatch(d -> d.contains("/device:GPU:"));
		assertTrue(gpu ? model.device().matches("GPU:\\d+") : model.device().equals("CPU:0"), model.device() + " of " + devices);
	}

	@Test
	void precisionParsesAndResolves() {
		assertEquals(Precision.MIXED, Precision.parse(" Mixed "));
		assertEquals(Precision.FLOAT32, Precision.FLOAT32.resolve());
		assertEquals(Precision.MIXED, Precision.MIXED.resolve());
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Precision.parse("half"));
		assertTrue(e.getMessage().contains("use float32, mixed or auto"), e.getMessage());
		if ("0".equals(System.getenv("TF_ENABLE_ONEDNN_OPTS"))) {
			assertEquals(Precision.FLOAT32, Precision.AUTO.resolve(), "without oneDNN there is no bfloat16 rewrite");
		}
	}

	/** Odd sizes are padded and cropped; batching chains gives the same result as one at a time. */
	@Test
	void batchedChainsOfAnOddSizeMatchSingleCalls() {
		final ImageShape shape = new ImageShape(37, 23);
		final float[][] x = randomImages(3, shape.size(), 3);
		final float[][] batched = new float[3][shape.size()];
		model.denoise(shape, x, 0.1, batched);
		for (int c = 0; c < 3; c++) {
			final float[][] single = { new float[shape.size()] };
			model.denoise(shape, new float[][] { x[c] }, 0.1, single);
			assertArrayEquals(single[0], batched[c], 1e-5f, "chain " + c);
		}
	}

	/** At a tiny noise level D is nearly the identity; at a huge one it forgets the input. */
	@Test
	void denoiserInterpolatesBetweenIdentityAndMean() {
		final ImageShape shape = new ImageShape(32, 32);
		final float[][] x = randomImages(1, shape.size(), 4);
		final float[][] out = new float[1][shape.size()];
		model.denoise(shape, x, model.metadata().sigmaMin, out);
		double change = 0, norm = 0;
		for (int i = 0; i < out[0].length; i++) {
			change += (out[0][i] - x[0][i]) * (out[0][i] - x[0][i]);
			norm += (x[0][i] - 0.3) * (x[0][i] - 0.3);
		}
		// c_skip(sigma_min) = sd^2 / (sigma_min^2 + sd^2) > 0.999: D moves x by far less than its spread
		assertTrue(change < 0.05 * norm, "D(x, sigma_min) moved x by " + Math.sqrt(change / norm) + " of its spread");
	}

	/** A clean test image in [0, 1]: blobs of several sizes and thin lines on a dark background. */
	private static float[] blobsAndLines(final ImageShape shape, final long seed) {
		final int w = shape.dim(0), h = shape.dim(1);
		final Random random = new Random(seed);
		final float[] img = new float[w * h];
		for (int k = 0; k < 12; k++) {
			final double cx = random.nextDouble() * w, cy = random.nextDouble() * h, r = 1.5 + 6 * random.nextDouble();
			final double a = 0.3 + 0.7 * random.nextDouble();
			for (int y = 0; y < h; y++) {
				for (int x = 0; x < w; x++) img[x + w * y] += (float) (a * Math.exp(-((x - cx) * (x - cx) + (y - cy) * (y - cy)) / (2 * r * r)));
			}
		}
		for (int y = 0; y < h; y++) img[w / 3 + w * y] += 0.6f;
		for (int x = 0; x < w; x++) img[x + w * (2 * h / 3)] += 0.5f;
		for (int i = 0; i < img.length; i++) img[i] = Math.min(1f, img[i]);
		return img;
	}

	/**
	 * A plane smaller than the receptive field (the restoration takes planes down to 16 x 16) is denoised
	 * far better than the noisy input, and within a factor of the same region inside a large plane (whose
	 * pixels see real context where the small plane's see its border).
	 */
	@Test
	void aPlaneSmallerThanTheReceptiveFieldIsDenoisedLikeARegionOfALargerOne() {
		final ImageShape large = new ImageShape(128, 128);
		final int side = 24, x0 = 52, y0 = 52;
		final ImageShape small = new ImageShape(side, side);
		assertTrue(side < model.metadata().receptiveField);
		final double sigma = 0.1;
		final float[] clean = blobsAndLines(large, 11);
		final Random random = new Random(12);
		final float[] noisy = new float[clean.length];
		for (int i = 0; i < clean.length; i++) noisy[i] = (float) (clean[i] + sigma * random.nextGaussian());
		final float[][] whole = new float[1][large.size()];
		model.denoise(large, new float[][] { noisy }, sigma, whole);
		final float[] crop = new float[small.size()];
		for (int y = 0; y < side; y++) System.arraycopy(noisy, x0 + 128 * (y0 + y), crop, side * y, side);
		final float[][] alone = new float[1][small.size()];
		model.denoise(small, new float[][] { crop }, sigma, alone);
		double inWhole = 0, inAlone = 0;
		for (int y = 0; y < side; y++) {
			for (int x = 0; x < side; x++) {
				final int i = x0 + x + 128 * (y0 + y);
				inWhole += (whole[0][i] - clean[i]) * (whole[0][i] - clean[i]);
				inAlone += (alone[0][x + side * y] - clean[i]) * (alone[0][x + side * y] - clean[i]);
			}
		}
		inWhole /= small.size();
		inAlone /= small.size();
		// measured: 2.98e-4 alone, 1.61e-4 in the whole plane (mirror-padding the small plane to the receptive
		// field instead gave 3.65e-4), against the noise's 1e-2
		assertTrue(inAlone < 0.05 * sigma * sigma, "MSE " + inAlone + " alone, noise variance " + sigma * sigma);
		assertTrue(inAlone < 3 * inWhole, "MSE " + inAlone + " alone against " + inWhole + " inside the whole plane");
	}

	/**
	 * {@code <vjp(v), u>} equals the directional derivative {@code <v, (D(x + h u) - D(x - h u)) / 2h>}
	 * for random directions, on a size that needs padding (so the padding's adjoint is checked too).
	 */
	@Test
	void vectorJacobianProductMatchesFiniteDifferences() {
		assertTrue(model.supportsVectorJacobianProduct());
		final ImageShape shape = new ImageShape(22, 18);
		final int n = shape.size();
		final double sigma = 0.1, h = 1e-2;
		final Random random = new Random(5);
		final float[][] x = randomImages(2, n, 6);
		final float[][] v = new float[2][n], u = new float[2][n];
		for (int c = 0; c < 2; c++) {
			for (int i = 0; i < n; i++) {
				v[c][i] = (float) random.nextGaussian();
				u[c][i] = (float) random.nextGaussian();
			}
		}
		final float[][] vjp = new float[2][n];
		model.denoiseVectorJacobianProduct(shape, x, sigma, v, vjp);
		final float[][] plus = new float[2][n], minus = new float[2][n], xp = new float[2][n], xm = new float[2][n];
		for (int c = 0; c < 2; c++) {
			for (int i = 0; i < n; i++) {
				xp[c][i] = (float) (x[c][i] + h * u[c][i]);
				xm[c][i] = (float) (x[c][i] - h * u[c][i]);
			}
		}
		model.denoise(shape, xp, sigma, plus);
		model.denoise(shape, xm, sigma, minus);
		for (int c = 0; c < 2; c++) {
			double fd = 0;
			for (int i = 0; i < n; i++) fd += v[c][i] * (plus[c][i] - minus[c][i]) / (2 * h);
			final double analytic = NhwcLayoutTest.dot(vjp[c], u[c]);
			assertEquals(fd, analytic, 0.02 * Math.abs(fd) + 0.05, "chain " + c + ": finite difference " + fd +
				" vs vjp " + analytic);
		}
	}

	@Test
	void volumesAreRejectedWithAClearMessage() {
		final ImageShape shape = new ImageShape(8, 8, 2);
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> model.denoise(shape,
			new float[1][shape.size()], 0.1, new float[1][shape.size()]));
		assertTrue(e.getMessage().contains("2D model") && e.getMessage().contains("per plane"), e.getMessage());
	}

	@Test
	void missingMetadataIsNamed(@TempDir final Path tmp) {
		final IOException e = assertThrows(IOException.class, () -> TfScoreModel.load(tmp));
		assertTrue(e.getMessage().contains("model.json"), e.getMessage());
	}

	@Test
	void signatureMismatchIsNamed(@TempDir final Path tmp) throws IOException {
		final Path copy = copyModel(tmp);
		final Path json = copy.resolve(ModelMetadata.FILE_NAME);
		final String text = new String(Files.readAllBytes(json), StandardCharsets.UTF_8);
		Files.write(json, text.replaceFirst("\"denoised\"", "\"restored\"").getBytes(StandardCharsets.UTF_8));
		final IOException e = assertThrows(IOException.class, () -> TfScoreModel.load(copy));
		assertTrue(e.getMessage().contains("denoise") && e.getMessage().contains("restored"), e.getMessage());
	}

	@Test
	void corruptWeightsAreDetected(@TempDir final Path tmp) throws IOException {
		final Path copy = copyModel(tmp);
		final Path weights = copy.resolve(TfScoreModel.WEIGHTS_FILE);
		final byte[] bytes = Files.readAllBytes(weights);
		bytes[bytes.length / 2] ^= 1;
		Files.write(weights, bytes);
		final IOException e = assertThrows(IOException.class, () -> TfScoreModel.load(copy));
		assertTrue(e.getMessage().contains("sha256"), e.getMessage());
	}

	static Path copyModel(final Path tmp) throws IOException {
		final Path copy = tmp.resolve("model");
		try (Stream<Path> files = Files.walk(MODEL)) {
			for (final Path p : (Iterable<Path>) files::iterator) {
				final Path target = copy.resolve(MODEL.relativize(p).toString());
				if (Files.isDirectory(p)) Files.createDirectories(target);
				else Files.copy(p, target);
			}
		}
		return copy;
	}
}
