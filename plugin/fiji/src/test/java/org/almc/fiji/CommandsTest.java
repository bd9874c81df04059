package org.almc.fiji;

import org.almc.testing.Project;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.scijava.Context;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;

import ij.IJ;
import ij.ImagePlus;
import ij.process.ColorProcessor;

/** The SciJava commands in a real Context, run headless as Fiji's macro and script engines run them. */
class CommandsTest {

	private static final Path ROOT = Project.root();
	private static Context context;
	private static CommandService commands;

	@BeforeAll
	static void start() {
		context = new Context(CommandService.class, org.scijava.app.StatusService.class, org.scijava.log.LogService.class);
		commands = context.service(CommandService.class);
	}

	@AfterAll
	static void stop() {
		context.dispose();
	}

	private static ImagePlus crop(final String file, final int size) {
		final ImagePlus imp = IJ.openImage(ROOT.resolve("test-images").resolve(file).toString());
		imp.setRoi(20, 20, size, size);
		final ImagePlus c = imp.crop();
		c.setTitle(file.replace(".tif", "") + "-crop.tif");
		return c;
	}

	private static CommandModule run(final Class<? extends org.scijava.command.Command> type, final Map<String, Object> inputs) throws Exception {
		return commands.run(type, true, inputs).get();
	}

	/** A crop of the clean phantom through Simulate Measurement: 100 photons, gain 2, offset 500, read noise 3. */
	private static ImagePlus simulated(final ImagePlus psf, final int size) throws Exception {
		final Map<String, Object> sim = new HashMap<>();
		sim.put("image", crop("phantom-clean.tif", size));
		sim.put("psf", psf);
		sim.put("photons", 100.0);
		sim.put("gain", 2.0);
		sim.put("offset", 500.0);
		sim.put("readnoise", 3.0);
		return (ImagePlus) run(SimulateMeasurementCommand.class, sim).getOutput("measurement");
	}

	@Test
	void eachMenuEntryIsDiscoveredExactlyOnce() {
		final List<String> labels = commands.getCommands().stream().map(CommandInfo::getMenuPath).filter(m -> m != null && m.toString()
			.contains("Posterior Sampling")).map(m -> m.getLeaf().getName()).sorted().collect(Collectors.toList());
		assertEquals(List.of("Deconvolve (ALMC)...", "Denoise (ALMC)...", "Generate PSF...", "Quick Denoise (prior mean)...",
			"Simulate Measurement..."), labels);
	}

	@Test
	void denoiseCreatesMeanAndStdWithAReproducibleMacroCall() throws Exception {
		final ImagePlus in = crop("phantom-noisy.tif", 80);
		final Map<String, Object> inputs = new HashMap<>();
		inputs.put("image", in);
		inputs.put("sigma", 150.0);
		inputs.put("samples", 2);
		inputs.put("steps", 12);
		inputs.put("createsamples", true);
		final CommandModule m = run(DenoiseAlmcCommand.class, inputs);
		assertTrue(!m.isCanceled(), m.getCancelReason());
		final ImagePlus mean = (ImagePlus) m.getOutput("mean"), std = (ImagePlus) m.getOutput("std");
		final ImagePlus samples = (ImagePlus) m.getOutput("posteriorsamples");
		assertArrayEquals(new int[] { 80, 80, 1, 1, 1 }, mean.getDimensions());
		assertArrayEquals(new int[] { 80, 80, 1, 1, 2 }, samples.getDimensions());
		assertEquals("phantom-noisy-crop_std", std.getTitle());
		final String info = (String) mean.getProperty("Info");
		// the automatic noise model with a sigma given is Gaussian noise of that sigma
		assertTrue(info.contains("noise=[gaussian sigma=150.0]"), info);
		assertTrue(info.contains("reproduce=run(\"Denoise (ALMC)...\", \"image=phantom-noisy-crop.tif " +
			"noise=[Automatic (estimated from the image)] sigma=150.0"), info);
	}

	@Test
	void badInputCancelsWithTheReasonAndNoOutput() throws Exception {
		final Map<String, Object> inputs = new HashMap<>();
		inputs.put("image", new ImagePlus("colour", new ColorProcessor(80, 80)));
		final CommandModule m = run(DenoiseAlmcCommand.class, inputs);
		assertTrue(m.isCanceled());
		assertTrue(m.getCancelReason().contains("RGB"), m.getCancelReason());
		assertNull(m.getOutput("mean"));
	}

	@Test
	void generatePsfThenSimulateAMeasurement() throws Exception {
		final Map<String, Object> psfInputs = new HashMap<>();
		psfInputs.put("size", 15);
		psfInputs.put("slices", 1);
		final ImagePlus psf = (ImagePlus) run(GeneratePsfCommand.class, psfInputs).getOutput("psf");
		assertArrayEquals(new int[] { 15, 15, 1, 1, 1 }, psf.getDimensions());
		double sum = 0;
		for (final float v : (float[]) psf.getProcessor().getPixels()) sum += v;
		assertEquals(1.0, sum, 1e-4);
		assertEquals(0.1, psf.getCalibration().pixelWidth, 1e-12);

		final ImagePlus measured = simulated(psf, 64);
		// mean level: offset plus gain times photons times the mean of the normalized blurred image
		final double mean = measured.getProcessor().getStatistics().mean;
		assertTrue(mean > 500 && mean < 500 + 2 * 100, "mean " + mean);
	}

	/**
	 * A PSF as users have them (even size, off-centre, a background, not normalized) and a camera whose
	 * parameters nobody knows: the Deconvolve command prepares the one and estimates the other, and the
	 * output's Info records both.
	 */
	@Test
	void deconvolveTakesAnEvenPsfWithABackgroundAndEstimatesTheCamera() throws Exception {
		final Map<String, Object> psfInputs = new HashMap<>();
		psfInputs.put("size", 15);
		psfInputs.put("slices", 1);
		final ImagePlus generated = (ImagePlus) run(GeneratePsfCommand.class, psfInputs).getOutput("psf");
		final float[] g = (float[]) generated.getProcessor().getPixels();
		final ij.process.FloatProcessor even = new ij.process.FloatProcessor(16, 16);
		for (int y = 0; y < 16; y++) {
			for (int x = 0; x < 16; x++) even.setf(x, y, 5f + (x < 15 && y < 15 ? 4000f * g[x + 15 * y] : 0f));
		}
		final ImagePlus measured = simulated(generated, 80);

		final Map<String, Object> inputs = new HashMap<>();
		inputs.put("image", measured);
		inputs.put("psf", new ImagePlus("bead-average", even));
		inputs.put("noise", RestoreCommandBase.CAMERA_ESTIMATED);
		inputs.put("samples", 2);
		inputs.put("steps", 12);
		final CommandModule m = run(DeconvolveAlmcCommand.class, inputs);
		assertTrue(!m.isCanceled(), m.getCancelReason());
		final ImagePlus mean = (ImagePlus) m.getOutput("mean");
		assertArrayEquals(new int[] { 80, 80, 1, 1, 1 }, mean.getDimensions());
		final String info = (String) mean.getProperty("Info");
		assertTrue(info.contains("noise=[camera estimated from the data]"), info);
		final java.util.regex.Matcher gain = java.util.regex.Pattern.compile("noise_estimate=camera gain=([0-9.]+)").matcher(info);
		assertTrue(gain.find(), info);
		// 80 x 80 pixels of one image: the gain within a quarter of the truth
		assertEquals(2.0, Double.parseDouble(gain.group(1)), 0.5, info);
		assertTrue(info.contains("psf_prepared="), info);
		assertTrue(info.contains("reproduce=run(\"Deconvolve (ALMC)...\""), info);
	}

	@Test
	void quickDenoiseRunsThePriorOnce() throws Exception {
		final Map<String, Object> inputs = new HashMap<>();
		final ImagePlus in = crop("phantom-noisy.tif", 80);
		inputs.put("image", in);
		inputs.put("sigma", 150.0);
		final ImagePlus out = (ImagePlus) run(QuickDenoiseCommand.class, inputs).getOutput("denoised");
		final ImagePlus clean = crop("phantom-clean.tif", 80);
		final float[] c = (float[]) clean.getProcessor().convertToFloatProcessor().getPixels();
		final float[] n = (float[]) in.getProcessor().convertToFloatProcessor().getPixels();
		final float[] d = (float[]) out.getProcessor().getPixels();
		assertTrue(org.almc.bench.ImageQuality.meanSquaredError(c, d) < 0.49 * org.almc.bench.ImageQuality.meanSquaredError(c, n));
	}
}
