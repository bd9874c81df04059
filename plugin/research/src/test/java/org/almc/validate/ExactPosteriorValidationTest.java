package org.almc.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.almc.testing.Slow;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The samplers against closed-form posteriors, with the validate command's default sizes and seed.
 * Tolerances follow from Monte Carlo error; where a discretization bias is allowed, it is named.
 */
@Slow
class ExactPosteriorValidationTest {

	private static ExactPosteriorValidation.GaussianResult gaussian;
	private static ExactPosteriorValidation.MixtureResult mixture;

	@BeforeAll
	static void run() {
		final ExactPosteriorValidation v = new ExactPosteriorValidation(ExactPosteriorValidation.Config.defaults());
		gaussian = v.gaussian();
		mixture = v.mixture();
	}

	@Test
	void almcMatchesTheGaussianPosteriorMean() {
		assertEquals(64, gaussian.dim());
		// Under exact sampling the largest of 64 |z| exceeds 4 with probability about 0.4 %.
		assertTrue(gaussian.meanMaxZ() < 4.0, "mean max z = " + gaussian.meanMaxZ());
	}

	@Test
	void almcMatchesTheGaussianPosteriorCovariance() {
		// The Frobenius error of a sample covariance concentrates near its expectation; allow 25 % over it.
		assertTrue(gaussian.covRelFrobenius() < 1.25 * gaussian.covRelFrobeniusMonteCarlo(),
			"cov rel Frobenius " + gaussian.covRelFrobenius() + " vs Monte Carlo " + gaussian.covRelFrobeniusMonteCarlo());
		// Along each principal axis: 4 Monte Carlo sd (max over 64 axes) plus 3 % for Langevin discretization.
		final double sd = Math.sqrt(2.0 / (gaussian.chains() - 1));
		assertTrue(gaussian.varianceRatioMaxDeviation() < 4 * sd + 0.03,
			"variance ratio deviation " + gaussian.varianceRatioMaxDeviation() + ", sd " + sd);
	}

	@Test
	void almcRecoversTheMixtureModeWeights() {
		double sum = 0;
		for (final double w : mixture.exactWeights()) sum += w;
		assertEquals(1.0, sum, 1e-12);
		// the measurement leaves at least two modes with real weight
		assertTrue(mixture.exactWeights()[1] > 0.1 && mixture.exactWeights()[0] > 0.5);
		final ExactPosteriorValidation.MethodWeights almc = mixture.methods().get(0);
		assertEquals("almc", almc.method());
		assertTrue(almc.tv() < 3 * mixture.tvMonteCarlo(), "ALMC TV " + almc.tv() + " vs Monte Carlo scale " + mixture.tvMonteCarlo());
	}

	@Test
	void baselinesLandFartherThanAlmcAtTheSameBudget() {
		final ExactPosteriorValidation.MethodWeights almc = mixture.methods().get(0);
		for (final ExactPosteriorValidation.MethodWeights b : mixture.methods().subList(1, mixture.methods().size())) {
			assertEquals(almc.networkEvaluations(), b.networkEvaluations(), b.method() + " budget");
			assertTrue(b.tv() > almc.tv() + 2 * mixture.tvMonteCarlo(), b.method() + " TV " + b.tv() + " vs ALMC " + almc.tv());
		}
	}

	@Test
	void preconditionedAlmcMatchesTheGaussianPosterior() {
		final ExactPosteriorValidation.Config d = ExactPosteriorValidation.Config.defaults();
		final ExactPosteriorValidation.GaussianResult g = new ExactPosteriorValidation(new ExactPosteriorValidation.Config(d.gaussianChains(),
			d.mixtureChains(), d.settings().withStep(org.almc.core.sampler.AlmcSampler.Step.PRECONDITIONED), d.seed())).gaussian();
		assertTrue(g.meanMaxZ() < 4.0, "mean max z = " + g.meanMaxZ());
		assertTrue(g.covRelFrobenius() < 1.25 * g.covRelFrobeniusMonteCarlo(), "cov " + g.covRelFrobenius() + " vs MC " + g.covRelFrobeniusMonteCarlo());
		assertTrue(g.varianceRatioMaxDeviation() < 4 * Math.sqrt(2.0 / (g.chains() - 1)) + 0.03, "variance ratio " + g.varianceRatioMaxDeviation());
	}

	/**
	 * The implicit step (exact in the blurred Gaussian likelihood, explicit in the prior) against the exact
	 * Gaussian posterior, with the same Monte Carlo tolerances as the preconditioned step.
	 */
	@Test
	void implicitAlmcMatchesTheGaussianPosterior() {
		final ExactPosteriorValidation.Config d = ExactPosteriorValidation.Config.defaults();
		final ExactPosteriorValidation.GaussianResult g = new ExactPosteriorValidation(new ExactPosteriorValidation.Config(d.gaussianChains(),
			d.mixtureChains(), d.settings().withStep(org.almc.core.sampler.AlmcSampler.Step.IMPLICIT), d.seed())).gaussian();
		assertTrue(g.meanMaxZ() < 4.0, "mean max z = " + g.meanMaxZ());
		assertTrue(g.covRelFrobenius() < 1.25 * g.covRelFrobeniusMonteCarlo(), "cov " + g.covRelFrobenius() + " vs MC " + g.covRelFrobeniusMonteCarlo());
		assertTrue(g.varianceRatioMaxDeviation() < 4 * Math.sqrt(2.0 / (g.chains() - 1)) + 0.03, "variance ratio " + g.varianceRatioMaxDeviation());
	}
}
