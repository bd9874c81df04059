package org.almc.model;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;

/**
 * The {@code model.json} of a learned prior: how to feed the SavedModel (signatures, axes,
 * normalization, noise range, size multiple) and where it came from (training data with sha256,
 * settings, validation numbers, license). Plain fields, read and written with Gson.
 */
public final class ModelMetadata {

	public static final String FILE_NAME = "model.json";
	public static final String FORMAT = "tensorflow-saved-model";

	public String name;
	public String description;
	public String format = FORMAT;
	public List<String> tags = new ArrayList<>(List.of("serve"));
	/** Axis order of the image tensors; only "NHWC" (one channel) is supported. */
	public String axes = "NHWC";
	public Map<String, SignatureSpec> signatures = new LinkedHashMap<>();
	public Normalization normalization = new Normalization();
	/** Noise levels (normalized intensities) the denoiser was trained on. */
	public double sigmaMin;
	public double sigmaMax;
	/** Input height and width must be multiples of this (the loader pads by mirroring). */
	public int sizeMultiple;
	/** Receptive field of one output pixel, in pixels per side. */
	public int receptiveField;
	public NetworkArchitecture architecture;
	public long parameterCount;
	/** sha256 of {@code variables/variables.data-00000-of-00001}. */
	public String weightsSha256;
	public Training training;
	/** Held-out validation patches: denoiser error per noise level (normalized intensities). */
	public List<SigmaLoss> validationLossPerSigma = new ArrayList<>();
	/** PSNR on the whole held-out strips, against the noisy input and the best Gaussian filter. */
	public List<PsnrRow> evaluation = new ArrayList<>();
	public String license;
	public String attribution;

	/** Inputs and outputs of one signature, by name. */
	public static final class SignatureSpec {

		public Map<String, TensorSpec> inputs = new LinkedHashMap<>();
		public Map<String, TensorSpec> outputs = new LinkedHashMap<>();
	}

	/** dtype (TensorFlow's name, e.g. "DT_FLOAT") and shape (-1 for any size). */
	public static final class TensorSpec {

		public String dtype;
		public long[] shape;

		public TensorSpec() {}

		public TensorSpec(final String dtype, final long... shape) {
			this.dtype = dtype;
			this.shape = shape;
		}
	}

	/** See {@link PercentileNormalization}. */
	public static final class Normalization {

		public String method = "percentile";
		public double lowPercentile = 1;
		public double highPercentile = 99.8;
		public String description = "computed on each input image; low percentile -> 0, high percentile -> 1";

		public PercentileNormalization toNormalization() {
			if (!"percentile".equals(method)) {
				throw new IllegalArgumentException("Unsupported normalization method '" + method +
					"' in model.json; expected 'percentile'");
			}
			return new PercentileNormalization(lowPercentile, highPercentile);
		}
	}

	public static final class Training {

		/**
		 * How {@link #augmentation} begins for a model trained on every flip and quarter turn of its patches
		 * (all models the trainer writes), whose prior therefore has these symmetries.
		 */
		public static final String PLANE_SYMMETRIES = "random flips and 90-degree rotations";

		public String command;
		public long steps;
		public double wallClockSeconds;
		public long seed;
		public int batchSize;
		public int patchSize;
		public float learningRate;
		/** How the learning rate fell at the end of training ({@code train --anneal}); null: constant. */
		public String learningRateSchedule;
		public double emaDecay;
		public double phantomFraction;
		public String sigmaDistribution;
		public String lossWeighting = "EDM: lambda(sigma) = (sigma^2 + sigma_data^2) / (sigma sigma_data)^2";
		public String augmentation;
		public List<DataFile> data = new ArrayList<>();
		public String phantoms;

		/** Whether the training data were augmented by every flip and quarter turn ({@link #PLANE_SYMMETRIES}). */
		public boolean planeSymmetric() {
			return augmentation != null && augmentation.startsWith(PLANE_SYMMETRIES);
		}
	}

	/**
	 * One training image; columns {@code [validationColumnsFrom, validationColumnsTo)} over all rows
	 * are held out for validation (training patches never overlap them).
	 */
	public static final class DataFile {

		public String file;
		public String sha256;
		public int width;
		public int height;
		public int validationColumnsFrom;
		public int validationColumnsTo;
		/** The image's percentile values (intensity that maps to 0 and to 1). */
		public double normalizationLow;
		public double normalizationHigh;

		/** Whether training left a strip of this image's columns out (the BPAE images; the broad prior uses others whole). */
		public boolean hasHeldOutStrip() {
			return validationColumnsTo > validationColumnsFrom;
		}
	}

	public static final class SigmaLoss {

		public double sigma;
		public double mse;
		public double psnr;
		public double edmLoss;
	}

	public static final class PsnrRow {

		public String image;
		public double sigma;
		public double psnrNoisy;
		public double psnrBestGaussian;
		public double bestGaussianSigmaPixels;
		public double psnrDenoised;
	}

	public static ModelMetadata read(final Path modelDir) throws IOException {
		final Path file = modelDir.resolve(FILE_NAME);
		if (!Files.isRegularFile(file)) throw new IOException("Model metadata not found: " + file.toAbsolutePath());
		try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
			final ModelMetadata m = gson().fromJson(r, ModelMetadata.class);
			if (m == null) throw new IOException("Empty model metadata: " + file);
			return m;
		}
		catch (final JsonParseException e) {
			throw new IOException("Malformed model metadata " + file + ": " + e.getMessage(), e);
		}
	}

	/** Writes {@code model.json} atomically (temporary file, then move). */
	public void write(final Path modelDir) throws IOException {
		Files.createDirectories(modelDir);
		final Path tmp = modelDir.resolve(FILE_NAME + ".tmp");
		try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
			gson().toJson(this, w);
			w.write('\n');
		}
		Files.move(tmp, modelDir.resolve(FILE_NAME), StandardCopyOption.REPLACE_EXISTING,
			StandardCopyOption.ATOMIC_MOVE);
	}

	private static Gson gson() {
		return new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create();
	}
}
