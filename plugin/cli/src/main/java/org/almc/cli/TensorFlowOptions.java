package org.almc.cli;

import java.nio.file.Path;

import org.almc.restore.ModelLocator;
import org.almc.restore.RestorationException;
import org.almc.tf.Precision;
import org.almc.tf.TensorFlowConfig;
import org.almc.tf.TfScoreModel;

import picocli.CommandLine.Option;

/** How the score network runs: TensorFlow threads and arithmetic (shared by the commands that sample). */
final class TensorFlowOptions {

	@Option(names = "--threads", description = "TensorFlow threads (default: all ${DEFAULT-VALUE} cores).")
	int threads = TensorFlowConfig.defaultThreads();

	@Option(names = "--precision", paramLabel = "auto|mixed|float32", defaultValue = "auto", converter = PrecisionConverter.class,
		description = "Network arithmetic: mixed runs the convolutions in bfloat16 (about twice as fast on CPUs with " +
			"AMX / AVX-512 BF16, same results to 0.01 dB in our measurements); auto picks mixed only on such CPUs (default: ${DEFAULT-VALUE}).")
	Precision precision = Precision.AUTO;

	TfScoreModel load(final Path modelDir) throws RestorationException {
		return ModelLocator.load(modelDir, threads, precision);
	}

	static final class PrecisionConverter implements picocli.CommandLine.ITypeConverter<Precision> {

		@Override
		public Precision convert(final String value) {
			try {
				return Precision.parse(value);
			}
			catch (final IllegalArgumentException e) {
				throw new picocli.CommandLine.TypeConversionException(e.getMessage());
			}
		}
	}
}
