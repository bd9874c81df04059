package org.almc.ij1;

import java.lang.reflect.Field;

import org.almc.fiji.DeconvolveAlmcCommand;
import org.almc.fiji.DenoiseAlmcCommand;
import org.almc.fiji.GeneratePsfCommand;
import org.almc.fiji.MacroOptions;
import org.almc.fiji.QuickDenoiseCommand;
import org.almc.fiji.SimulateMeasurementCommand;
import org.almc.restore.RestorationException;
import org.scijava.command.ContextCommand;
import org.scijava.plugin.Parameter;

import ij.IJ;
import ij.ImagePlus;
import ij.Macro;
import ij.WindowManager;
import ij.gui.GenericDialog;
import ij.plugin.PlugIn;

/**
 * Runs the commands in plain ImageJ 1.x (no SciJava), registered through {@code plugins.config} of the
 * separate {@code ALMC_IJ1.jar}, which Fiji installations do not get (Fiji finds the SciJava commands
 * themselves, so each command shows once). The macro keys are the same as in Fiji.
 */
public final class Ij1Command implements PlugIn {

	@Override
	public void run(final String arg) {
		final ContextCommand command = create(arg);
		if (command == null) {
			IJ.error("Posterior Sampling", "Unknown command '" + arg + "'");
			return;
		}
		try {
			final String options = Macro.getOptions();
			if (options == null && !dialog(command)) return;
			if (options != null) MacroOptions.apply(command, options, WindowManager::getImage, WindowManager.getCurrentImage());
			command.run();
			if (command.isCanceled()) {
				IJ.error("Posterior Sampling", command.getCancelReason());
				return;
			}
			for (final Field f : MacroOptions.outputs(command.getClass())) {
				final Object v = f.get(command);
				if (v instanceof ImagePlus) ((ImagePlus) v).show();
			}
		}
		catch (final RestorationException e) {
			IJ.error("Posterior Sampling", e.getMessage());
		}
		catch (final IllegalAccessException e) {
			throw new IllegalStateException("Cannot read the outputs of " + arg, e);
		}
	}

	static ContextCommand create(final String name) {
		switch (name) {
			case "denoise":
				return new DenoiseAlmcCommand();
			case "deconvolve":
				return new DeconvolveAlmcCommand();
			case "quick-denoise":
				return new QuickDenoiseCommand();
			case "simulate":
				return new SimulateMeasurementCommand();
			case "generate-psf":
				return new GeneratePsfCommand();
			default:
				return null;
		}
	}

	/** A dialog whose labels are the macro keys, so ImageJ's recorder records the same keys as Fiji. */
	private static boolean dialog(final ContextCommand command) throws IllegalAccessException, RestorationException {
		final GenericDialog gd = new GenericDialog(MacroOptions.menuLabel(command.getClass()));
		final String[] titles = WindowManager.getImageTitles();
		for (final Field f : MacroOptions.inputs(command.getClass())) {
			final Parameter p = f.getAnnotation(Parameter.class);
			final Object v = f.get(command);
			if (f.getType() == ImagePlus.class) {
				if (titles.length == 0) throw new RestorationException("No image is open: open an image first");
				final ImagePlus current = WindowManager.getCurrentImage();
				gd.addChoice(f.getName(), titles, current == null ? titles[0] : current.getTitle());
			}
			else if (f.getType() == boolean.class) gd.addCheckbox(f.getName(), (Boolean) v);
			else if (p.choices().length > 0) gd.addChoice(f.getName(), p.choices(), String.valueOf(v));
			else if (f.getType() == String.class || f.getType() == java.io.File.class) gd.addStringField(f.getName(), v == null ? "" : String.valueOf(v), 20);
			else gd.addNumericField(f.getName(), ((Number) v).doubleValue(), f.getType() == double.class ? 3 : 0);
			gd.addMessage(p.label());
		}
		gd.showDialog();
		if (gd.wasCanceled()) return false;
		final StringBuilder options = new StringBuilder();
		for (final Field f : MacroOptions.inputs(command.getClass())) {
			final Parameter p = f.getAnnotation(Parameter.class);
			final String value;
			if (f.getType() == ImagePlus.class || p.choices().length > 0) value = gd.getNextChoice();
			else if (f.getType() == boolean.class) value = String.valueOf(gd.getNextBoolean());
			else if (f.getType() == String.class || f.getType() == java.io.File.class) value = gd.getNextString();
			else value = String.valueOf(gd.getNextNumber());
			options.append(f.getName()).append("=[").append(value).append("] ");
		}
		MacroOptions.apply(command, options.toString(), WindowManager::getImage, WindowManager.getCurrentImage());
		return true;
	}
}
