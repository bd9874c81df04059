package org.almc.bench;

import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import org.almc.bench.Benchmark.Case;
import org.almc.bench.Benchmark.Panels;
import org.almc.bench.Benchmark.Result;
import org.almc.bench.Benchmark.Speed;
import org.almc.restore.OutputFiles;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;

import ij.ImagePlus;
import ij.gui.Plot;
import ij.process.ColorProcessor;

/** The benchmark's outputs: JSON, a markdown table and PNG figures, each written atomically. */
public final class BenchReport {

	/** The oracle-tuned classical filters. */
	static final List<String> CLASSICAL = List.of("gaussian", "wiener-tikhonov", "richardson-lucy");
	/** Order of the methods in tables and legends. */
	static final List<String> METHOD_ORDER = Stream.concat(CLASSICAL.stream(), Stream.of("prior-denoiser", "almc", "almc-states", "dps",
		"langevin")).toList();
	private static final Color[] COLORS = { Color.GRAY, new Color(0, 150, 150), new Color(150, 100, 0), Color.MAGENTA, Color.RED,
		new Color(255, 150, 150), Color.BLUE, new Color(0, 140, 0) };

	private BenchReport() {}

	/** A table row: the mean over images of one (task, level, method, budget). */
	public record Row(String task, String level, String method, long nfe, long vjp, int images, double psnr, double ssim,
		double coverage90, double stdErrorCorrelation, double seconds, double psnrMeasurement, double psnrInfiniteChains,
		double coverage90Flat, double coverage90Bright) {}

	public static List<Row> summarize(final List<Case> cases) {
		final Map<String, List<Case>> groups = new LinkedHashMap<>();
		for (final Case c : cases) groups.computeIfAbsent(c.task() + "|" + c.level() + "|" + c.method() + "|" + c.nfe(), k -> new ArrayList<>()).add(c);
		final List<Row> rows = new ArrayList<>();
		for (final List<Case> g : groups.values()) {
			final Case f = g.get(0);
			rows.add(new Row(f.task(), f.level(), f.method(), f.nfe(), f.vjp(), g.size(), mean(g, Case::psnr), mean(g, Case::ssim), mean(g,
				Case::coverage90), mean(g, Case::stdErrorCorrelation), mean(g, Case::seconds), mean(g, Case::psnrMeasurement), mean(g,
				Case::psnrInfiniteChains), meanOfFinite(g, Case::coverage90Flat), meanOfFinite(g, Case::coverage90Bright)));
		}
		final List<String> levelOrder = cases.stream().map(Case::level).distinct().toList();
		rows.sort((a, b) -> {
			int c = a.task().compareTo(b.task());
			if (c == 0) c = Integer.compare(levelOrder.indexOf(a.level()), levelOrder.indexOf(b.level()));
			if (c == 0) c = Integer.compare(methodRank(a.method()), methodRank(b.method()));
			if (c == 0) c = Long.compare(a.nfe(), b.nfe());
			return c;
		});
		return rows;
	}

	private static int methodRank(final String method) {
		final int i = METHOD_ORDER.indexOf(method);
		return i < 0 ? METHOD_ORDER.size() : i;
	}

	private static double mean(final List<Case> g, final java.util.function.ToDoubleFunction<Case> f) {
		double s = 0;
		for (final Case c : g) s += f.applyAsDouble(c);
		return s / g.size();
	}

	/** The mean over the cases where {@code f} is finite; NaN where it is nowhere. */
	private static double meanOfFinite(final List<Case> g, final java.util.function.ToDoubleFunction<Case> f) {
		double s = 0;
		int n = 0;
		for (final Case c : g) {
			final double v = f.applyAsDouble(c);
			if (Double.isFinite(v)) {
				s += v;
				n++;
			}
		}
		return n == 0 ? Double.NaN : s / n;
	}

	public static JsonObject toJson(final Result result, final Map<String, Object> info) {
		final JsonObject root = new JsonObject();
		final JsonObject meta = new JsonObject();
		info.forEach((k, v) -> {
			if (v instanceof Number n) meta.addProperty(k, n);
			else if (v instanceof Boolean b) meta.addProperty(k, b);
			else meta.addProperty(k, String.valueOf(v));
		});
		root.add("info", meta);
		final JsonArray cases = new JsonArray();
		for (final Case c : result.cases()) {
			final JsonObject o = new JsonObject();
			o.addProperty("task", c.task());
			o.addProperty("level", c.level());
			o.addProperty("method", c.method());
			o.addProperty("nfe", c.nfe());
			number(o, "psnr", c.psnr());
			number(o, "ssim", c.ssim());
			number(o, "coverage90", c.coverage90());
			number(o, "coverage90_flat", c.coverage90Flat());
			number(o, "coverage90_bright", c.coverage90Bright());
			number(o, "coverage90_given_truth_noise", c.coverage90GivenTruthNoise());
			number(o, "seconds", c.seconds());
			o.addProperty("image", c.image());
			o.addProperty("peak_photons", c.peakPhotons());
			o.addProperty("vjp", c.vjp());
			o.addProperty("chains", c.chains());
			number(o, "std_error_correlation", c.stdErrorCorrelation());
			number(o, "psnr_measurement", c.psnrMeasurement());
			number(o, "psnr_infinite_chains", c.psnrInfiniteChains());
			o.addProperty("setting", c.setting());
			cases.add(o);
		}
		root.add("cases", cases);
		final JsonArray truths = new JsonArray();
		result.truthNoise().forEach((image, n) -> {
			final JsonObject o = new JsonObject();
			o.addProperty("image", image);
			number(o, "noise_rms", n.rms());
			number(o, "range", n.range());
			number(o, "noise_free_psnr", n.noiseFreePsnr());
			truths.add(o);
		});
		root.add("truth_noise", truths);
		final Speed s = result.speed();
		if (s == null) {
			root.add("speed", JsonNull.INSTANCE);
			return root;
		}
		final JsonObject speed = new JsonObject();
		number(speed, "score_mpx_per_s_256", s.scoreMpxPerS256());
		number(speed, "score_mpx_per_s_512", s.scoreMpxPerS512());
		number(speed, "operator_apply_adjoint_ms_512", s.operatorMs512());
		number(speed, "operator_apply_adjoint_ms_512_padded_fft", s.paddedOperatorMs512());
		number(speed, "overhead_fraction", s.overheadFraction());
		number(speed, "posterior_512_seconds", s.posterior512Seconds());
		speed.addProperty("extrapolated", s.extrapolated());
		number(speed, "step_seconds_512", s.stepSeconds512());
		speed.addProperty("chains_256", s.chains256());
		speed.addProperty("chains_512", s.chains512());
		speed.addProperty("posterior_nfe", s.posteriorNfe());
		speed.addProperty("posterior_chains", s.posteriorChains());
		speed.addProperty("posterior_task", s.posteriorTask());
		speed.addProperty("note", s.note());
		root.add("speed", speed);
		return root;
	}

	/** coverage90, with its split into flat background and bright structure in brackets where the case has it. */
	private static String coverageText(final Row r) {
		final String all = fmt(r.coverage90(), "%.3f");
		if (!Double.isFinite(r.coverage90Flat()) && !Double.isFinite(r.coverage90Bright())) return all;
		return all + " (" + fmt(r.coverage90Flat(), "%.3f") + " / " + fmt(r.coverage90Bright(), "%.3f") + ")";
	}

	private static void number(final JsonObject o, final String key, final double v) {
		if (Double.isFinite(v)) o.addProperty(key, v);
		else o.add(key, com.google.gson.JsonNull.INSTANCE);
	}

	public static String markdown(final Result result, final List<String> notes) {
		final StringBuilder b = new StringBuilder();
		b.append("| task | level | method | NFE | VJP | PSNR dB | PSNR, chains -> inf | SSIM | cov90 (flat / bright) | corr(std, abs err) | seconds |\n");
		b.append("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
		String last = "";
		for (final Row r : summarize(result.cases())) {
			final String key = r.task() + r.level();
			if (!key.equals(last)) {
				b.append(String.format(Locale.ROOT, "| %s | %s | *measurement* | | | %.2f | | | | | |\n", r.task(), r.level(), r.psnrMeasurement()));
				last = key;
			}
			b.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", r.task(), r.level(), r.method(),
				r.nfe() == 0 ? "" : Long.toString(r.nfe()), r.vjp() == 0 ? "" : Long.toString(r.vjp()), psnrText(r.psnr()), fmt(r
					.psnrInfiniteChains(), "%.2f"), fmt(r.ssim(), "%.3f"), coverageText(r), fmt(r.stdErrorCorrelation(), "%.2f"), fmt(r.seconds(), r
					.seconds() < 0.01 ? "%.4f" : r.seconds() < 0.1 ? "%.3f" : "%.1f")));
		}
		selfConsistency(result.cases(), b);
		truthNoise(result, b);
		final Speed s = result.speed();
		if (s == null) {
			b.append("\nSpeed section: not measured (yet: the run stopped or is still going; or not in this kind of run).\n");
		}
		else {
			b.append("\n| speed | value |\n|---|---:|\n");
			b.append(String.format(Locale.ROOT, "| score network, 256 x 256 (%d chains per call) | %.3f Mpx/s |\n", s.chains256(), s.scoreMpxPerS256()));
			b.append(String.format(Locale.ROOT, "| score network, 512 x 512 (%d chains per call) | %.3f Mpx/s |\n", s.chains512(), s.scoreMpxPerS512()));
			b.append(String.format(Locale.ROOT, "| blur apply + adjoint, 512 x 512, DCT-II basis (symmetric PSF) | %.1f ms |\n", s.operatorMs512()));
			b.append(String.format(Locale.ROOT, "| blur apply + adjoint, 512 x 512, padded FFT (any PSF) | %.1f ms |\n", s.paddedOperatorMs512()));
			b.append(String.format(Locale.ROOT, "| one ALMC step, 512 x 512, %d chains%s | %.2f s |\n", s.posteriorChains(), s.extrapolated()
				? " (extrapolated)" : "", s.stepSeconds512()));
			b.append(String.format(Locale.ROOT, "| share of a step outside TensorFlow | %.3f |\n", s.overheadFraction()));
			b.append(String.format(Locale.ROOT, "| 512 x 512 posterior, %d chains, balanced (%d NFE)%s | %.0f s |\n", s.posteriorChains(), s.posteriorNfe(), s.extrapolated()
				? " (extrapolated)" : "", s.posterior512Seconds()));
		}
		b.append('\n');
		for (final String n : notes) b.append("- ").append(n).append('\n');
		if (s != null) b.append("- ").append(s.note()).append('\n');
		return b.toString();
	}

	/** Per image and level of the Gaussian-noise cases: the posterior mean's PSNR against the one pass's. */
	private static void selfConsistency(final List<Case> cases, final StringBuilder b) {
		final Map<String, Case> onePass = new LinkedHashMap<>();
		for (final Case c : cases) {
			if (c.task().equals(Benchmark.GAUSSIAN_TASK) && c.method().equals("prior-denoiser")) onePass.put(c.image() + "|" + c.level(), c);
		}
		if (onePass.isEmpty()) return;
		b.append("\nSelf-consistency (white Gaussian noise, no blur: the posterior mean should equal one pass of the prior's denoiser)\n\n");
		b.append("| image | level | one pass dB | almc mean dB | gap | chains -> inf gap | almc-states gap |\n|---|---|---:|---:|---:|---:|---:|\n");
		for (final Case c : cases) {
			if (!c.task().equals(Benchmark.GAUSSIAN_TASK) || !c.method().equals("almc")) continue;
			final Case p = onePass.get(c.image() + "|" + c.level());
			final Case states = cases.stream().filter(x -> x.task().equals(c.task()) && x.image().equals(c.image()) && x.level().equals(c
				.level()) && x.method().equals("almc-states")).findFirst().orElse(null);
			b.append(String.format(Locale.ROOT, "| %s | %s | %.2f | %.2f | %+.2f | %+.2f | %s |\n", c.image(), c.level(), p.psnr(), c.psnr(), c
				.psnr() - p.psnr(), c.psnrInfiniteChains() - p.psnr(), states == null ? "" : String.format(Locale.ROOT, "%+.2f", states.psnr() - p
					.psnr())));
		}
	}

	/**
	 * Per truth: its own noise ({@link ImageQuality#truthNoise}), the PSNR of its noise-free image against it, and
	 * in each case of the measurement tasks the posterior mean's PSNR at ALMC's largest budget, its margin over the
	 * best oracle classical filter, and its coverage90 plain and widened by the truth's noise.
	 */
	private static void truthNoise(final Result result, final StringBuilder b) {
		if (result.truthNoise().isEmpty()) return;
		final List<String> columns = new ArrayList<>();
		final Map<String, Case> almc = new LinkedHashMap<>();
		final Map<String, Double> bestClassical = new LinkedHashMap<>();
		for (final Case c : result.cases()) {
			if (c.task().equals(Benchmark.GAUSSIAN_TASK)) continue;
			final String column = c.task() + ", " + Math.round(c.peakPhotons()) + " photons";
			final String key = c.image() + "|" + column;
			if (c.method().equals("almc")) {
				if (!columns.contains(column)) columns.add(column);
				almc.put(key, c); // budgets run in increasing order: the largest is shown
			}
			if (CLASSICAL.contains(c.method())) bestClassical.merge(key, c.psnr(), Math::max);
		}
		b.append("\nThe truths' own noise (Poisson-Gaussian fit of each truth), what the truth's noise-free image would score against " +
			"it, the posterior mean's PSNR (over the best oracle classical filter), and its coverage90 -> the same with the interval " +
			"widened by the truth's noise (a posterior calibrated for the noise-free image covers 90% of the noisy truth with it, " +
			"where the estimate keeps none of that noise; where the measurement carries it unblurred the estimate keeps part, and " +
			"the widened figure overstates: the calibration lies between the two). The simulated measurement carries the " +
			"truth's noise: an estimate that removes it with the measurement's noise is scored against noise no prior can " +
			"know, while a filter that keeps part of it gains; where it is of the order of the simulated noise (about 0.01-0.02 " +
			"of the range at 1000 photons), margins shrink.\n\n");
		b.append("| image | own noise, rms (of range) | noise-free image dB |");
		for (final String c : columns) b.append(' ').append(c).append(" |");
		b.append("\n|---|---:|---:|");
		for (int k = 0; k < columns.size(); k++) b.append("---:|");
		b.append('\n');
		for (final Map.Entry<String, ImageQuality.TruthNoise> e : result.truthNoise().entrySet()) {
			final ImageQuality.TruthNoise n = e.getValue();
			b.append(String.format(Locale.ROOT, "| %s | %.3g (%.4f) | %s |", e.getKey(), n.rms(), n.rms() / n.range(), n.rms() > 0 ? fmt(n
				.noiseFreePsnr(), "%.2f") : "inf"));
			for (final String column : columns) {
				final Case c = almc.get(e.getKey() + "|" + column);
				final Double classical = bestClassical.get(e.getKey() + "|" + column);
				b.append(c == null || classical == null ? " |" : String.format(Locale.ROOT, " %.2f (%+.2f); %s -> %s |", c.psnr(), c.psnr() -
					classical, fmt(c.coverage90(), "%.3f"), fmt(c.coverage90GivenTruthNoise(), "%.3f")));
			}
			b.append('\n');
		}
	}

	private static String psnrText(final double v) {
		return Double.isNaN(v) ? "diverged" : String.format(Locale.ROOT, "%.2f", v);
	}

	private static String fmt(final double v, final String format) {
		return Double.isFinite(v) ? String.format(Locale.ROOT, format, v) : "";
	}

	/** Writes the JSON file, DIR/bench.md and the figures; returns the files written. */
	public static List<Path> write(final Result result, final Map<String, Object> info, final List<String> notes, final Path json,
		final Path dir) throws IOException
	{
		final List<Path> written = new ArrayList<>();
		if (json != null) {
			final String text = new GsonBuilder().setPrettyPrinting().serializeNulls().create().toJson(toJson(result, info));
			OutputFiles.write(json, tmp -> Files.writeString(tmp, text, StandardCharsets.UTF_8));
			written.add(json);
		}
		if (dir != null) {
			final Path md = dir.resolve("bench.md");
			final String table = markdown(result, notes);
			OutputFiles.write(md, tmp -> Files.writeString(tmp, table, StandardCharsets.UTF_8));
			written.add(md);
			for (final Panels p : result.panels()) {
				final Path png = dir.resolve("panels_" + p.task() + "_" + p.level() + ".png");
				OutputFiles.savePng(panels(p), png);
				written.add(png);
			}
			final List<Row> rows = summarize(result.cases());
			for (final String task : rows.stream().map(Row::task).distinct().toList()) {
				for (final String level : rows.stream().map(Row::level).distinct().toList()) {
					final List<Row> selected = rows.stream().filter(r -> r.task().equals(task) && r.level().equals(level)).toList();
					if (selected.isEmpty()) continue;
					final Path png = dir.resolve("psnr_vs_seconds_" + task + "_" + level + ".png");
					OutputFiles.savePng(psnrPlot(task + ", " + level, selected), png);
					written.add(png);
				}
			}
		}
		return written;
	}

	/**
	 * The panels of one measurement side by side, in rows of four: all images in the truth's display range
	 * (0.1 to 99.9 percentile of the truth), the ALMC standard deviation in its own range (0 to its 99.9
	 * percentile); each panel labelled.
	 */
	static ImagePlus panels(final Panels p) {
		final int w = p.width(), h = p.height(), gap = 4, label = 28, perRow = 4;
		final int count = p.images().size();
		final int rowsCount = (count + perRow - 1) / perRow;
		final ColorProcessor cp = new ColorProcessor(perRow * (w + gap) - gap, rowsCount * (h + label + gap) - gap);
		cp.setColor(Color.WHITE);
		cp.fill();
		final float[] truthRange = range(p.images().get("truth"));
		int k = 0;
		cp.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
		cp.setAntialiasedText(true);
		for (final Map.Entry<String, float[]> e : p.images().entrySet()) {
			final int ox = (k % perRow) * (w + gap), oy = (k / perRow) * (h + label + gap);
			final float[] v = e.getValue();
			final boolean std = e.getKey().endsWith("-std");
			final float lo = std ? 0 : truthRange[0], hi = std ? range(v)[1] : truthRange[1];
			final float span = hi > lo ? hi - lo : 1;
			for (int y = 0; y < h; y++) {
				for (int x = 0; x < w; x++) {
					final int g = Math.max(0, Math.min(255, Math.round(255 * (v[x + w * y] - lo) / span)));
					cp.set(ox + x, oy + label + y, std ? (g << 16) | (g / 2 << 8) : (g << 16) | (g << 8) | g);
				}
			}
			cp.setColor(Color.BLACK);
			cp.drawString(e.getKey(), ox + 2, oy + 12);
			final String detail = std ? "range 0.." + String.format(Locale.ROOT, "%.3g", hi) : e.getKey().equals("truth") ? ""
				: String.format(Locale.ROOT, "%.2f dB", ImageQuality.psnr(p.images().get("truth"), v));
			cp.drawString(detail, ox + 2, oy + label - 2);
			k++;
		}
		return new ImagePlus(p.image() + " " + p.task() + " " + p.level(), cp);
	}

	private static float[] range(final float[] v) {
		final float[] s = v.clone();
		Arrays.sort(s);
		return new float[] { s[(int) (0.001 * (s.length - 1))], s[(int) (0.999 * (s.length - 1))] };
	}

	/** PSNR (mean over images) against wall seconds, log scale, one series per method. */
	static ImagePlus psnrPlot(final String title, final List<Row> rows) {
		final Plot plot = new Plot("PSNR vs seconds: " + title, "wall seconds (log)", "PSNR (dB)");
		plot.setSize(640, 420);
		final List<Row> finite = rows.stream().filter(r -> Double.isFinite(r.psnr()) && Double.isFinite(r.seconds())).toList();
		double minX = Double.POSITIVE_INFINITY, maxX = 0, minY = Double.POSITIVE_INFINITY, maxY = Double.NEGATIVE_INFINITY;
		for (final Row r : finite) {
			final double x = Math.max(r.seconds(), 1e-3);
			minX = Math.min(minX, x);
			maxX = Math.max(maxX, x);
			minY = Math.min(minY, r.psnr());
			maxY = Math.max(maxY, r.psnr());
		}
		final StringBuilder legend = new StringBuilder();
		final List<String> diverged = new ArrayList<>();
		final List<String> methods = rows.stream().map(Row::method).distinct().sorted((a, b) -> Integer.compare(methodRank(a), methodRank(
			b))).toList();
		for (final String m : methods) {
			final List<Row> series = finite.stream().filter(r -> r.method().equals(m)).toList();
			if (series.isEmpty()) {
				diverged.add(m);
				continue;
			}
			final double[] x = series.stream().mapToDouble(r -> Math.max(r.seconds(), 1e-3)).toArray();
			final double[] y = series.stream().mapToDouble(Row::psnr).toArray();
			final Color color = COLORS[Math.min(methodRank(m), COLORS.length - 1)];
			plot.setColor(color, color);
			plot.setLineWidth(2);
			plot.add(series.size() > 1 ? "connected circle" : "circle", x, y);
			legend.append(m).append(series.size() > 1 ? " (budgets " + series.stream().map(r -> Long.toString(r.nfe())).reduce((a, b) -> a +
				"/" + b).orElse("") + " NFE)" : "").append('\n');
		}
		if (!finite.isEmpty()) plot.setLimits(minX / 2, maxX * 2, Math.floor(minY - 1), Math.ceil(maxY + 1));
		plot.setLogScaleX();
		plot.setColor(Color.BLACK);
		plot.addLegend(legend.toString(), "bottom-left");
		if (!diverged.isEmpty()) plot.addLabel(0.55, 0.06, "diverged (no finite PSNR): " + String.join(", ", diverged));
		return plot.getImagePlus();
	}
}
