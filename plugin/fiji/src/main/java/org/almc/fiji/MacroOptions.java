package org.almc.fiji;

import java.io.File;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

import org.almc.restore.RestorationException;
import org.scijava.ItemIO;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.service.Service;

import ij.ImagePlus;
import ij.Macro;

/**
 * The macro API of the commands: each {@code @Parameter} input field is a macro key named exactly as
 * the field ({@code key=value}, values with spaces in brackets). Builds the macro call that reproduces
 * a run and applies macro options to a command (for ImageJ 1.x, where no SciJava is present).
 */
public final class MacroOptions {

	private MacroOptions() {}

	/** The input parameters (not services), superclass fields first. */
	public static List<Field> inputs(final Class<?> type) {
		final List<Class<?>> chain = new ArrayList<>();
		for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) chain.add(c);
		Collections.reverse(chain);
		final List<Field> fields = new ArrayList<>();
		for (final Class<?> c : chain) {
			for (final Field f : c.getDeclaredFields()) {
				final Parameter p = f.getAnnotation(Parameter.class);
				if (p == null || p.type() == ItemIO.OUTPUT || Service.class.isAssignableFrom(f.getType()) || f.getType() == org.scijava.Context.class) continue;
				f.setAccessible(true);
				fields.add(f);
			}
		}
		return fields;
	}

	/** The output parameters. */
	public static List<Field> outputs(final Class<?> type) {
		final List<Field> fields = new ArrayList<>();
		for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
			for (final Field f : c.getDeclaredFields()) {
				final Parameter p = f.getAnnotation(Parameter.class);
				if (p != null && p.type() == ItemIO.OUTPUT) {
					f.setAccessible(true);
					fields.add(f);
				}
			}
		}
		return fields;
	}

	/** The menu label of a command ({@code Denoise (ALMC)...}). */
	public static String menuLabel(final Class<?> type) {
		final String path = type.getAnnotation(Plugin.class).menuPath();
		return path.substring(path.lastIndexOf('>') + 1);
	}

	/** {@code run("Label", "key=value ...")} with the command's current input values. */
	public static String recordedCall(final Object command) {
		final StringBuilder b = new StringBuilder();
		for (final Field f : inputs(command.getClass())) {
			final Object v;
			try {
				v = f.get(command);
			}
			catch (final IllegalAccessException e) {
				throw new IllegalStateException("Cannot read parameter " + f.getName(), e);
			}
			if (v == null) continue;
			final String text = v instanceof ImagePlus ? ((ImagePlus) v).getTitle() : v instanceof File ? ((File) v).getPath() : String.valueOf(v);
			b.append(b.length() == 0 ? "" : " ").append(f.getName()).append('=').append(text.contains(" ") || text.isEmpty() ? "[" + text + "]" : text);
		}
		return "run(\"" + menuLabel(command.getClass()) + "\", \"" + b.toString().replace("\"", "\\\"") + "\");";
	}

	/**
	 * Sets the command's inputs from macro options. Absent keys keep their defaults; a boolean may be a
	 * bare keyword (true) or {@code key=true|false}; image parameters name an open image by title, and
	 * {@code image} defaults to the current image.
	 */
	public static void apply(final Object command, final String options, final Function<String, ImagePlus> imageByTitle,
		final ImagePlus current) throws RestorationException
	{
		final String opts = options == null ? "" : options;
		for (final Field f : inputs(command.getClass())) {
			final String key = f.getName();
			final String value = Macro.getValue(opts, key, null);
			final Class<?> t = f.getType();
			try {
				if (t == ImagePlus.class) {
					ImagePlus imp = value == null ? null : imageByTitle.apply(value);
					if (value != null && imp == null) throw new RestorationException("No open image is titled '" + value + "' (parameter " + key + ")");
					if (imp == null && "image".equals(key)) imp = current;
					f.set(command, imp);
				}
				else if (t == boolean.class) {
					if (value != null) f.setBoolean(command, Boolean.parseBoolean(value));
					else if (hasKeyword(opts, key)) f.setBoolean(command, true);
				}
				else if (value == null) continue;
				else if (t == int.class) f.setInt(command, (int) Math.round(Double.parseDouble(value)));
				else if (t == long.class) f.setLong(command, Math.round(Double.parseDouble(value)));
				else if (t == double.class) f.setDouble(command, Double.parseDouble(value));
				else if (t == String.class) f.set(command, choice(f, value));
				else if (t == File.class) f.set(command, value.isEmpty() ? null : new File(value));
				else throw new IllegalStateException("Parameter " + key + " has an unsupported type " + t);
			}
			catch (final NumberFormatException e) {
				throw new RestorationException("Parameter " + key + " must be a number, got '" + value + "'");
			}
			catch (final IllegalAccessException e) {
				throw new IllegalStateException("Cannot set parameter " + key, e);
			}
		}
	}

	private static String choice(final Field f, final String value) throws RestorationException {
		final String[] choices = f.getAnnotation(Parameter.class).choices();
		if (choices.length == 0) return value;
		for (final String c : choices) {
			if (c.equalsIgnoreCase(value)) return c;
		}
		throw new RestorationException("Parameter " + f.getName() + " must be one of " + String.join(", ", choices) + "; got '" + value + "'");
	}

	private static boolean hasKeyword(final String options, final String key) {
		for (final String token : options.toLowerCase(Locale.ROOT).split("\\s+")) {
			if (token.equals(key)) return true;
		}
		return false;
	}
}
