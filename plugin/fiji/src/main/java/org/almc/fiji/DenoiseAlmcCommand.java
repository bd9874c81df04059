package org.almc.fiji;

import org.almc.restore.PointSpreadFunction;
import org.scijava.command.Command;
import org.scijava.plugin.Plugin;

/** Posterior denoising: mean, per-pixel standard deviation and samples. */
@Plugin(type = Command.class, menuPath = "Plugins>Posterior Sampling>Denoise (ALMC)...", headless = true)
public final class DenoiseAlmcCommand extends RestoreCommandBase {

	@Override
	PointSpreadFunction psf() {
		return null;
	}
}
