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

import ij.ImagePlus;
import ij.Macro;
import ij.WindowManager;
import ij.gui.GenericDialog;

/**
 * The body of {@link Ij1Command}: runs a SciJava command in plain ImageJ 1.x, with its inputs from the
 * macro options or a dialog whose labels are the macro keys, and shows its outputs. Kept apart so that
 * {@link Ij1Command} loads even where this class's dependencies (SciJava, TensorFlow) are missing.
 */
final class Ij1Runner {

	private Ij1Runner() {}

	/** Runs command {@code arg}; false where it failed or was cancelled (the reason was shown). */
	static boolean run(final String arg) {
		final ContextCommand command = create(arg);
		if (command == null) {
			Ij1Command.fail("Unknown command '" + arg + "'");
			return false;
		}
		try {
			final String options = Macro.getOptions();
			if (options == null && !dialog(command)) return false;
			if (options != null) MacroOptions.apply(command, options, WindowManager::getImage, WindowManager.getCurrentImage());
			command.run();
			if (command.isCanceled()) {
				// the command has shown its reason where there is a screen
				Ij1Command.fail(command.getCancelReason(), java.awt.GraphicsEnvironment.isHeadless());
				return false;
			}
			for (final Field f : MacroOptions.outputs(command.getClass())) {
				final Object v = f.get(command);
				if (v instanceof ImagePlus) ((ImagePlus) v).show();
			}
			return true;
		}
		catch (final RestorationException e) {
			Ij1Command.fail(e.getMessage());
			return false;
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
