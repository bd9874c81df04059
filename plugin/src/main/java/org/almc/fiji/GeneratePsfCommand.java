package org.almc.fiji;

import java.awt.GraphicsEnvironment;
import java.util.Locale;

import org.almc.core.psf.BornWolfPsf;
import org.almc.core.psf.GibsonLanniPsf;
import org.almc.core.psf.PsfSampling;
import org.almc.core.psf.WidefieldOptics;
import org.almc.core.psf.WidefieldPsf;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.process.FloatProcessor;

/**
 * A theoretical widefield PSF (Born-Wolf, or Gibson-Lanni for refractive-index mismatch), 2D (one
 * plane) or 3D, normalized to unit sum with its centre in the middle pixel. Lengths in nm.
 */
@Plugin(type = Command.class, menuPath = "Plugins>Posterior Sampling>Generate PSF...", headless = true)
public final class GeneratePsfCommand extends ContextCommand {

	static final String BORN_WOLF = "Born-Wolf";
	static final String GIBSON_LANNI = "Gibson-Lanni";

	@Parameter(label = "Model", choices = { BORN_WOLF, GIBSON_LANNI })
	String model = BORN_WOLF;

	@Parameter(label = "Numerical aperture", min = "0.01", max = "1.7")
	double na = 1.4;

	@Parameter(label = "Emission wavelength (nm)", min = "100", max = "2000")
	double wavelength = 520;

	@Parameter(label = "Immersion refractive index", min = "1", max = "2")
	double ni = 1.515;

	@Parameter(label = "Sample refractive index (Gibson-Lanni)", min = "1", max = "2")
	double ns = 1.33;

	@Parameter(label = "Particle depth below the coverslip (nm, Gibson-Lanni)", min = "0")
	double depth = 0;

	@Parameter(label = "Pixel size (nm)", min = "1")
	double pixelsize = 100;

	@Parameter(label = "Z step (nm, 3D)", min = "1")
	double zstep = 200;

	@Parameter(label = "Size in X and Y (pixels, odd)", min = "3")
	int size = 31;

	@Parameter(label = "Z planes (odd; 1 = 2D)", min = "1")
	int slices = 1;

	@Parameter(type = ItemIO.OUTPUT, label = "PSF")
	ImagePlus psf;

	@Override
	public void run() {
		try {
			final WidefieldOptics optics = new WidefieldOptics(na, wavelength, ni);
			final PsfSampling sampling = new PsfSampling(pixelsize, zstep, size, size, slices);
			final WidefieldPsf generator;
			if (BORN_WOLF.equals(model)) generator = new BornWolfPsf(optics, sampling, BornWolfPsf.Defocus.NON_PARAXIAL);
			else if (GIBSON_LANNI.equals(model)) generator = new GibsonLanniPsf(optics, ns, depth, sampling);
			else throw new IllegalArgumentException("Unknown PSF model '" + model + "': use " + BORN_WOLF + " or " + GIBSON_LANNI);
			final float[] values = generator.render();
			final ImageStack stack = new ImageStack(size, size);
			for (int z = 0; z < slices; z++) {
				final float[] plane = new float[size * size];
				System.arraycopy(values, z * size * size, plane, 0, plane.length);
				stack.addSlice(new FloatProcessor(size, size, plane));
			}
			psf = new ImagePlus(String.format(Locale.ROOT, "PSF %s NA%.2f %.0fnm", model, na, wavelength), stack);
			psf.getCalibration().pixelWidth = pixelsize / 1000;
			psf.getCalibration().pixelHeight = pixelsize / 1000;
			psf.getCalibration().pixelDepth = zstep / 1000;
			psf.getCalibration().setUnit("micron");
			psf.setProperty("Info", String.format(Locale.ROOT, "ALMC generated PSF\nmodel=%s na=%s wavelength=%s ni=%s ns=%s depth=%s pixelsize=%s " +
				"zstep=%s size=%d slices=%d\n", model, na, wavelength, ni, ns, depth, pixelsize, zstep, size, slices));
		}
		catch (final IllegalArgumentException e) {
			cancel(e.getMessage());
			if (!GraphicsEnvironment.isHeadless()) IJ.error("Posterior Sampling", e.getMessage());
		}
	}
}
