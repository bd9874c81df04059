package org.almc.fiji;

import org.almc.restore.PointSpreadFunction;
import org.almc.restore.RestorationException;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import ij.ImagePlus;

/**
 * Posterior deconvolution with a PSF image: 2D (plane by plane) or 3D (z-stacks jointly, the 2D
 * prior applied per plane).
 */
@Plugin(type = Command.class, menuPath = "Plugins>Posterior Sampling>Deconvolve (ALMC)...", headless = true)
public final class DeconvolveAlmcCommand extends RestoreCommandBase {

	@Parameter(label = "PSF", persist = false, description = "PSF image, 2D or a 3D z-stack (not modified): centred, cleaned of its background and normalized as needed (logged).")
	ImagePlus psf;

	@Override
	PointSpreadFunction psf() throws RestorationException {
		return PointSpreadFunction.from(psf);
	}
}
