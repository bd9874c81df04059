package org.almc.fiji;

import java.awt.GraphicsEnvironment;

import org.almc.restore.TheoreticalPsf;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import ij.IJ;
import ij.ImagePlus;

/**
 * A theoretical widefield PSF (Born-Wolf, or Gibson-Lanni for refractive-index mismatch), 2D (one
 * plane) or 3D, normalized to unit sum with its centre in the middle pixel. Lengths in nm.
 */
@Plugin(type = Command.class, menuPath = "Plugins>Posterior Sampling>Generate PSF...", headless = true)
public final class GeneratePsfCommand extends ContextCommand {

	static final String BORN_WOLF = TheoreticalPsf.BORN_WOLF;
	static final String GIBSON_LANNI = TheoreticalPsf.GIBSON_LANNI;

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
			psf = new TheoreticalPsf(model, na, wavelength, ni, ns, depth, pixelsize, zstep, size, slices).render();
		}
		catch (final IllegalArgumentException e) {
			cancel(e.getMessage());
			if (!GraphicsEnvironment.isHeadless()) IJ.error("Posterior Sampling", e.getMessage());
		}
	}
}
