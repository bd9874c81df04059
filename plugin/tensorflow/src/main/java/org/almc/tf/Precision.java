package org.almc.tf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Arithmetic of the network's forward passes on the CPU.
 * <p>
 * {@link #MIXED} lets oneDNN run the convolutions in bfloat16 (TensorFlow's
 * {@code auto_mixed_precision_onednn_bfloat16} rewrite; accumulation and the rest stay in float32).
 * With EDM preconditioning the network's output is scaled by about {@code sigma}, so bfloat16's
 * relative error (about 0.4%) reaches the score as a small fraction of {@code 1 / sigma}. Measured on
 * held-out actin crops (denoising and deconvolution at 1000 and 100 photons, 60 and 220 network
 * evaluations, the same seeds): posterior-mean PSNR, SSIM and interval coverage equal float32's to the
 * reported digits (0.01 dB), at 1.45 times the speed end to end. On CPUs with AMX or AVX-512 BF16
 * units the network runs about twice as fast; elsewhere oneDNN would emulate bfloat16, which is slower,
 * so {@link #AUTO} picks float32 there. Vector-Jacobian products (DPS) always run in float32.
 */
public enum Precision {

	FLOAT32, MIXED, AUTO;

	/** {@link #AUTO} resolved for this machine; the others unchanged. */
	public Precision resolve() {
		if (this != AUTO) return this;
		return hardwareBfloat16() && oneDnnEnabled() ? MIXED : FLOAT32;
	}

	/** Parses "float32", "mixed" or "auto" (any case), with a clear error otherwise. */
	public static Precision parse(final String name) {
		for (final Precision p : values()) {
			if (p.name().equalsIgnoreCase(name == null ? "" : name.trim())) return p;
		}
		throw new IllegalArgumentException("Unknown precision '" + name + "': use float32, mixed or auto");
	}

	public String label() {
		return name().toLowerCase(Locale.ROOT);
	}

	/** Whether the CPU has bfloat16 matrix units (AMX) or AVX-512 BF16 instructions (Linux only). */
	static boolean hardwareBfloat16() {
		final Path cpuinfo = Path.of("/proc/cpuinfo");
		if (!Files.isReadable(cpuinfo)) return false;
		try (var lines = Files.lines(cpuinfo)) {
			return lines.filter(l -> l.startsWith("flags")).findFirst().map(l -> l.contains(" amx_bf16") || l.contains(
				" avx512_bf16")).orElse(false);
		}
		catch (final IOException | java.io.UncheckedIOException e) {
			return false;
		}
	}

	/** TensorFlow's oneDNN kernels (on by default on Linux x86) carry the bfloat16 rewrite. */
	static boolean oneDnnEnabled() {
		final String v = System.getenv("TF_ENABLE_ONEDNN_OPTS");
		return v == null || !(v.equals("0") || v.equalsIgnoreCase("false"));
	}
}
