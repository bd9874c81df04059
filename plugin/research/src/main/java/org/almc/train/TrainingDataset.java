package org.almc.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import org.almc.model.PercentileNormalization;
import org.almc.phantom.FluorescencePhantom;

/**
 * The clean images a denoiser trains on: real images (a central strip of columns held out for
 * validation) and seeded procedural phantoms (all used for training), all percentile-normalized.
 */
public final class TrainingDataset {

	public final List<TrainingImage> realImages;
	public final List<TrainingImage> phantoms;
	public final PercentileNormalization normalization;
	public final double validationFraction;

	private TrainingDataset(final List<TrainingImage> realImages, final List<TrainingImage> phantoms,
		final PercentileNormalization normalization, final double validationFraction)
	{
		this.realImages = Collections.unmodifiableList(realImages);
		this.phantoms = Collections.unmodifiableList(phantoms);
		this.normalization = normalization;
		this.validationFraction = validationFraction;
	}

	/**
	 * @param files real single-plane images
	 * @param phantomCount number of {@code phantomSize x phantomSize} phantoms, the i-th seeded with
	 *          {@code phantomSeed + i}
	 */
	public static TrainingDataset load(final List<Path> files, final PercentileNormalization normalization,
		final double validationFraction, final int phantomCount, final int phantomSize, final long phantomSeed)
		throws IOException
	{
		if (!(validationFraction > 0 && validationFraction < 1)) {
			throw new IllegalArgumentException("Validation fraction must be in (0, 1), got " + validationFraction);
		}
		final List<TrainingImage> real = new ArrayList<>();
		for (final Path f : files) real.add(TrainingImage.read(f, normalization, validationFraction));
		final List<TrainingImage> phantoms = new ArrayList<>();
		final FluorescencePhantom generator = new FluorescencePhantom();
		for (int i = 0; i < phantomCount; i++) {
			final float[] raw = generator.render(phantomSize, phantomSize, new Random(phantomSeed + i));
			final PercentileNormalization.Fit fit = normalization.fit(raw);
			phantoms.add(new TrainingImage("phantom-" + (phantomSeed + i), fit.normalize(raw), phantomSize, phantomSize,
				phantomSize, phantomSize, null, fit));
		}
		return new TrainingDataset(real, phantoms, normalization, validationFraction);
	}

	/**
	 * The broad prior's data ({@link BroadTrainingSet}) under {@code dataDir} ({@code ../shared/data}), with
	 * {@code phantomCount} phantoms and {@code perPattern} of each test pattern, of {@code phantomSize}.
	 */
	public static TrainingDataset broad(final Path dataDir, final PercentileNormalization normalization, final int phantomCount,
		final int phantomSize, final long phantomSeed, final int perPattern) throws IOException
	{
		return new TrainingDataset(BroadTrainingSet.realImages(dataDir, normalization), BroadTrainingSet.phantoms(normalization,
			phantomCount, phantomSize, phantomSeed, perPattern), normalization, BroadTrainingSet.BPAE_VALIDATION_FRACTION);
	}

	/** The real images with a held-out strip (validation and the model's evaluation table use those). */
	public List<TrainingImage> withHeldOutStrips() {
		return realImages.stream().filter(i -> i.validationWidth() > 0).toList();
	}

	/** The same data, each real image with its own noise measured ({@link TrainingImage#withOwnNoise}). */
	public TrainingDataset withOwnNoise() {
		return new TrainingDataset(realImages.stream().map(TrainingImage::withOwnNoise).toList(), phantoms, normalization,
			validationFraction);
	}

	public PatchSampler sampler(final TrainingConfig config) {
		return new PatchSampler(realImages, phantoms, config.phantomFraction, config.jitterScale, config.jitterOffset,
			config.zoomOutFraction, config.zoomOutMax);
	}
}
