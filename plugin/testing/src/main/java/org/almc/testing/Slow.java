package org.almc.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.Tag;

/**
 * A test class that takes more than a few seconds on two cores (a trained model through the whole
 * pipeline, a training run, the macro interpreter). {@code mvn test} leaves these out, for feedback in
 * about two minutes; {@code mvn verify} runs them after the fast ones (the {@code slow-tests} execution
 * of the plugin's pom).
 */
@Tag(Slow.TAG)
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Slow {

	/** The JUnit tag the build selects on. */
	String TAG = "slow";
}
