package org.almc.core.sampler;

import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;

import org.almc.core.ImageShape;
import org.almc.core.ImplicitLikelihood;
import org.almc.core.Likelihood;
import org.almc.core.ScoreModel;

/**
 * Annealed Langevin Monte Carlo (Parulekar et al., ICLR 2026): tracks the tilted path
 * {@code mu_t(x) ∝ p_t(x) exp(-R(x))} from {@code t = T} down to {@code tau}.
 * <ol>
 * <li>Warm start: a sample of {@code N(x; m_T, q_T I) exp(-R(x))}, the Gaussian stand-in for the noised
 * prior at the first level ({@link WarmStartLaw}; at a large first level the paper's
 * {@code mu_inf(x) ∝ exp(-|x|^2/2 - R(x))}), exact where the likelihood offers it, else
 * {@code warmStartSteps} of unadjusted Langevin
 * {@code x <- x - h ((x - m_T) / q_T + grad R(x)) + sqrt(2h) xi}, {@code h = 0.5 / (1 / q_T + L_R)}, from
 * {@code N(m_T, q_T I)}.</li>
 * <li>Anneal: at each level {@code t} of the schedule, {@code stepsPerLevel} Langevin steps on
 * {@code mu_t}: {@code x <- x + delta_t (s(x, t) - grad R(x)) + sqrt(2 delta_t) xi} with
 * {@code delta_t = stepScale min(1 - e^{-2t}, 1 / L_R)} (the paper's {@link Step#EXPLICIT} step; the settings' {@link Step}
 * may instead precondition it or take it implicitly in the likelihood, {@link StepKernel}).</li>
 * <li>Settle: {@code finalSteps} more Langevin steps at {@code tau}, which let the chains catch up with
 * the target where it moved faster than they could follow (ours, not the paper's).</li>
 * <li>Stop at {@code tau}. The states are the samples. What is read off them is the {@link Readout}:
 * the states themselves, or (ours, not the paper's) Tweedie's clean estimates
 * {@code E[x0 | x_tau] = e^tau (x + (1 - e^{-2 tau}) s(x, tau))}, which every score evaluation at
 * {@code tau} yields for free, averaged over the chains and the last settling steps (a Rao-Blackwellized
 * posterior mean), with the conditional variance {@code Var[x0 | x_tau] = sigma_tau^2 diag(dD/du)} from
 * Hutchinson probes added to their spread.</li>
 * </ol>
 * Only forward evaluations of the score are needed; all chains share one batched network call per step.
 * Where the settings ask for it, the chains run in antithetic pairs (ours, not the paper's;
 * {@link Settings#antithetic}): the second chain of a pair takes the first's Gaussian draws with the
 * opposite sign, so that the pair's average cancels the part of their randomness the dynamics pass on
 * linearly. Where the settings ask for it and the model states the symmetries, each network evaluation
 * sees each chain's image flipped or turned, a different way at each step, and its answer is turned back
 * ({@link Settings#symmetrized}; ours, not the paper's).
 */
public final class AlmcSampler implements PosteriorSampler {

	/**
	 * @param sigmaMax noise level {@code sigma(T)} where annealing starts ({@code e^{-2T} = 1 / (1 + sigmaMax^2)})
	 * @param sigmaMin noise level {@code sigma(tau)} where it stops
	 * @param levels number of noise levels, log-spaced in sigma
	 * @param stepsPerLevel Langevin steps at each level
	 * @param stepScale the factor {@code c} of the step size
	 * @param finalSteps extra Langevin steps at the last level
	 * @param warmStartSteps Langevin steps of the warm start where no exact sampler exists
	 * @param readout what the posterior mean and standard deviation are read from
	 * @param step how each Langevin step is taken ({@link Step})
	 * @param startFactor where &gt; 0, annealing starts at this multiple of the level where the chains stop
	 *          (never above {@code sigmaMax}): the levels are spent where the measurement leaves the prior
	 *          work to do, and the warm start ({@link WarmStartLaw}) stands in for the prior above; 0 starts
	 *          at {@code sigmaMax}, as the paper does
	 * @param antithetic whether the chains run in antithetic pairs ({@link AntitheticRandom}; ours, not the
	 *          paper's): each chain is a chain of the paper's, but the second of a pair takes the first's
	 *          Gaussian draws with the opposite sign, from the warm start to the last step, so that where the
	 *          dynamics are near linear the pair's errors cancel in the mean; false: independent chains
	 * @param symmetrized whether, for a model whose prior is unchanged by flips and quarter turns of the planes
	 *          ({@link ScoreModel#hasPlaneSymmetries()}), every network evaluation sees each chain's image flipped
	 *          or turned, a different way at each step and for each chain (an antithetic pair alike), and its
	 *          answer is turned back (ours, not the paper's): the denoiser of such a prior is the same under
	 *          every transform, while the network's own errors that depend on the orientation average out
	 *          over the steps and chains. No extra evaluations. Ignored for a model without these symmetries
	 */
	public record Settings(double sigmaMax, double sigmaMin, int levels, int stepsPerLevel, double stepScale,
		int finalSteps, int warmStartSteps, Readout readout, Step step, double startFactor, boolean antithetic, boolean symmetrized)
	{

		public Settings {
			if (!(sigmaMin > 0) || !(sigmaMax > sigmaMin)) {
				throw new IllegalArgumentException("Need 0 < sigmaMin < sigmaMax, got sigmaMin=" + sigmaMin + ", sigmaMax=" + sigmaMax);
			}
			if (levels < 2) throw new IllegalArgumentException("Need at least 2 levels, got " + levels);
			if (stepsPerLevel < 1) throw new IllegalArgumentException("Need at least 1 step per level, got " + stepsPerLevel);
			if (!(stepScale > 0 && stepScale < 1)) throw new IllegalArgumentException("The step scale must be in (0, 1), got " + stepScale);
			if (finalSteps < 0) throw new IllegalArgumentException("Final steps must be >= 0, got " + finalSteps);
			if (warmStartSteps < 0) throw new IllegalArgumentException("Warm-start steps must be >= 0, got " + warmStartSteps);
			if (readout == null) throw new IllegalArgumentException("No readout given (Readout.STATES for the final states)");
			if (step == null) throw new IllegalArgumentException("No step kernel given (Step.EXPLICIT for the paper's)");
			if (!(startFactor == 0 || startFactor > 1)) {
				throw new IllegalArgumentException("The start factor must be 0 (start at sigmaMax) or > 1, got " + startFactor);
			}
			if (readout.averagedSteps() > stepsPerLevel + finalSteps) {
				throw new IllegalArgumentException("Cannot average clean estimates over " + readout.averagedSteps() +
					" steps: the last level takes " + (stepsPerLevel + finalSteps));
			}
		}

		/**
		 * Defaults for normalized images: sigma from 100 to 0.01, 200 levels, one step each, c = 0.3, 20 final
		 * steps, the states as the readout, annealing from sigmaMax, independent chains, not symmetrized.
		 */
		public static Settings defaults() {
			return new Settings(100, 0.01, 200, 1, 0.3, 20, 500, Readout.STATES, Step.EXPLICIT, 0, false, false);
		}

		public Settings withLevels(final int newLevels, final int newStepsPerLevel) {
			return new Settings(sigmaMax, sigmaMin, newLevels, newStepsPerLevel, stepScale, finalSteps, warmStartSteps, readout, step, startFactor, antithetic, symmetrized);
		}

		public Settings withSigmaRange(final double newSigmaMax, final double newSigmaMin) {
			return new Settings(newSigmaMax, newSigmaMin, levels, stepsPerLevel, stepScale, finalSteps, warmStartSteps, readout, step, startFactor, antithetic, symmetrized);
		}

		public Settings withStepScale(final double newStepScale) {
			return new Settings(sigmaMax, sigmaMin, levels, stepsPerLevel, newStepScale, finalSteps, warmStartSteps, readout, step, startFactor, antithetic, symmetrized);
		}

		public Settings withReadout(final Readout newReadout) {
			return new Settings(sigmaMax, sigmaMin, levels, stepsPerLevel, stepScale, finalSteps, warmStartSteps, newReadout, step, startFactor, antithetic, symmetrized);
		}

		public Settings withStep(final Step newStep) {
			return new Settings(sigmaMax, sigmaMin, levels, stepsPerLevel, stepScale, finalSteps, warmStartSteps, readout, newStep, startFactor, antithetic, symmetrized);
		}

		public Settings withFinalSteps(final int newFinalSteps) {
			return new Settings(sigmaMax, sigmaMin, levels, stepsPerLevel, stepScale, newFinalSteps, warmStartSteps, readout, step, startFactor, antithetic, symmetrized);
		}

		public Settings withStartFactor(final double newStartFactor) {
			return new Settings(sigmaMax, sigmaMin, levels, stepsPerLevel, stepScale, finalSteps, warmStartSteps, readout, step, newStartFactor, antithetic, symmetrized);
		}

		public Settings withAntithetic(final boolean newAntithetic) {
			return new Settings(sigmaMax, sigmaMin, levels, stepsPerLevel, stepScale, finalSteps, warmStartSteps, readout, step, startFactor,
				newAntithetic, symmetrized);
		}

		public Settings withSymmetrized(final boolean newSymmetrized) {
			return new Settings(sigmaMax, sigmaMin, levels, stepsPerLevel, stepScale, finalSteps, warmStartSteps, readout, step, startFactor, antithetic,
				newSymmetrized);
		}

		/** The level where annealing starts for chains that stop at {@code sigmaTau}. */
		public double startLevel(final double sigmaTau) {
			final double highest = Math.max(sigmaMax, 2 * sigmaTau);
			return startFactor > 0 ? Math.min(highest, Math.max(2 * sigmaTau, startFactor * sigmaTau)) : highest;
		}

		/** Network evaluations per chain. */
		public int networkEvaluations() {
			return levels * stepsPerLevel + finalSteps + readout.varianceProbes();
		}
	}

	/**
	 * How the posterior mean and standard deviation are read off the chains at {@code tau}.
	 *
	 * @param averagedSteps 0: the mean and spread of the final states (the paper's output); k &gt; 0: the
	 *          Rao-Blackwellized estimate, Tweedie's {@code E[x0 | x_tau]} averaged over the chains and the
	 *          last k score evaluations at {@code tau} (no extra network evaluations)
	 * @param varianceProbes Hutchinson probes per chain of the conditional variance
	 *          {@code Var[x0 | x_tau] = sigma_tau^2 diag(dD/du)} (one network evaluation each), added to the
	 *          spread of the clean estimates; 0 leaves that term out
	 * @param relativeLevel where &gt; 0, the chains stop at this fraction of the likelihood's
	 *          {@link Likelihood#noisedImageLimit() noised-image limit} (never below the settings'
	 *          {@code sigmaMin}): the clean estimates then take over the denoising that the last levels would
	 *          do, and the likelihood given the noised image stays exact while {@code sigma_tau} is under the
	 *          noise
	 */
	public record Readout(int averagedSteps, int varianceProbes, double relativeLevel) {

		/** The final states. */
		public static final Readout STATES = new Readout(0, 0, 0);

		public Readout {
			if (averagedSteps < 0) throw new IllegalArgumentException("Averaged steps must be >= 0, got " + averagedSteps);
			if (varianceProbes < 0) throw new IllegalArgumentException("Variance probes must be >= 0, got " + varianceProbes);
			if (averagedSteps == 0 && (varianceProbes > 0 || relativeLevel > 0)) {
				throw new IllegalArgumentException("Variance probes and a relative level need the clean-estimate readout (averagedSteps > 0)");
			}
			if (!(relativeLevel >= 0 && relativeLevel < 1)) {
				throw new IllegalArgumentException("The relative stopping level must be in [0, 1), got " + relativeLevel);
			}
		}

		/**
		 * Tweedie's clean estimates averaged over the last {@code averagedSteps}, with {@code varianceProbes}
		 * probes, stopping at {@code sigma_tau = max(sigmaMin, relativeLevel * noise)} where the likelihood
		 * states {@link Likelihood#noisedImageLimit() one} ({@code relativeLevel} 0: at {@code sigmaMin}).
		 */
		public static Readout cleanEstimates(final int averagedSteps, final int varianceProbes, final double relativeLevel) {
			if (averagedSteps < 1) throw new IllegalArgumentException("Clean estimates need at least 1 averaged step, got " + averagedSteps);
			return new Readout(averagedSteps, varianceProbes, relativeLevel);
		}

		/** The level where the chains stop for this likelihood. */
		public double stoppingLevel(final double sigmaMin, final Likelihood likelihood) {
			final double noise = relativeLevel > 0 ? likelihood.noisedImageLimit() : 0;
			return Math.max(sigmaMin, relativeLevel * noise);
		}

		public boolean usesCleanEstimates() {
			return averagedSteps > 0;
		}
	}

	/** How each Langevin step moves the chains. */
	public enum Step {
		/**
		 * The paper's step, {@code delta_t = c min(1 - e^{-2t}, 1 / L_R)}: bounded by the likelihood's
		 * curvature wherever that exceeds the prior's.
		 */
		EXPLICIT,
		/**
		 * Preconditioned by the likelihood's curvature ({@link CosinePreconditioner}): in pixels where it is
		 * diagonal there, else in the DCT-II basis where the likelihood offers a curvature spectrum; the step
		 * is {@code stepScale} times the preconditioner. Explicit where neither exists.
		 */
		PRECONDITIONED,
		/**
		 * Implicit in a weighted-least-squares likelihood ({@link ImplicitLikelihood}), explicit in the
		 * prior, {@code delta_t = c (1 - e^{-2t})} (ours, not the paper's); preconditioned where the
		 * likelihood is not a weighted least squares (Poisson).
		 */
		IMPLICIT
	}

	/**
	 * Finite-difference step of the Hutchinson probes, relative to {@code sigma_tau}. Tweedie's formula
	 * needs the Jacobian itself, the limit of a small step; a step of the order of the noise feeds the
	 * network an image noisier than the level it is told, whose excess noise it passes on, and the variance
	 * comes out too large. {@code bench --quick --tasks denoise --photons 100,20} (v2, 2026-12-06), coverage90
	 * of the two images at 100 / 20 photons, step 1.0 / 0.5 / 0.2 / 0.1: 0.995 / 0.975 / 0.952 / 0.947 at 100 photons, 1.000 / 0.968 / 0.936 / 0.929 at 20; the actin crop
	 * at Gaussian 0.2 0.959 (0.5) / 0.886 (0.2) / 0.879 (0.1). At 0.2 the limit is nearly reached, and the
	 * network's rounding in mixed precision (bfloat16) does not show: float32 gave the same coverage within
	 * 0.01. The mean does not depend on it.
	 */
	static final double PROBE_STEP = 0.2;

	private final ScoreModel model;
	private final Settings settings;

	public AlmcSampler(final ScoreModel model, final Settings settings) {
		this.model = model;
		this.settings = settings;
	}

	public Settings settings() {
		return settings;
	}

	/**
	 * Whether the chains see the image flipped and turned: the settings ask for it ({@link Settings#symmetrized})
	 * and the model states the symmetries ({@link ScoreModel#hasPlaneSymmetries()}).
	 */
	public boolean turnsImages() {
		return settings.symmetrized() && model.hasPlaneSymmetries();
	}

	@Override
	public String name() {
		return "almc";
	}

	@Override
	public PosteriorSamples sample(final Likelihood measurement, final int chains, final SplittableRandom random,
		final SamplerMonitor monitor)
	{
		// The clean-estimate readout averages E[x0 | x_tau] over samples of x_tau: they must be samples of
		// x_tau | y, whose likelihood is that of the data given the noised image.
		final double sigmaTau = settings.readout().usesCleanEstimates() ? settings.readout().stoppingLevel(settings.sigmaMin(),
			measurement) : settings.sigmaMin();
		final Likelihood likelihood = settings.readout().usesCleanEstimates()
			? measurement.givenNoisedImage(sigmaTau).orElse(measurement) : measurement;
		final ImageShape shape = likelihood.shape();
		final int n = shape.size();
		final ChainWork work = new ChainWork(likelihood, chains, random, settings.antithetic());
		final double[] times = NoiseSchedule.geometricTimes(settings.startLevel(sigmaTau), sigmaTau, settings.levels());
		final WarmStartLaw law = WarmStartLaw.at(times[0], likelihood);
		final Optional<Likelihood.WarmStart> exact = likelihood.exactWarmStart(law.mean(), law.variance());
		final int warmSteps = exact.isPresent() ? 0 : settings.warmStartSteps();
		final int total = warmSteps + settings.networkEvaluations();
		final float[][] x = law.tilted(likelihood, exact, work, warmSteps, monitor, total);
		int step = warmSteps;

		final ScoreEvaluator scorer = new ScoreEvaluator(model, shape, chains, turnsImages(), settings.antithetic());
		final CleanEstimates readout = settings.readout().usesCleanEstimates() ? new CleanEstimates(shape, chains) : null;
		final float[][] s = new float[chains][n];
		final StepKernel kernel = kernel(likelihood, work, x, times[0], random);
		for (int level = 0; level < times.length; level++) {
			final double t = times[level];
			kernel.atLevel(t);
			final boolean last = level == times.length - 1;
			final int steps = settings.stepsPerLevel() + (last ? settings.finalSteps() : 0);
			for (int k = 0; k < steps; k++) {
				checkCancelled(monitor);
				scorer.score(x, t, s);
				if (readout != null && last && k >= steps - settings.readout().averagedSteps()) readout.addCleanEstimates(scorer);
				kernel.step(x, s);
				monitor.progress(++step, total);
			}
		}
		if (readout == null) return pairing(new PosteriorSamples(shape, x, scorer.evaluations(), 0));
		for (int p = 0; p < settings.readout().varianceProbes(); p++) {
			checkCancelled(monitor);
			readout.addConditionalVariance(scorer.probeConditionalVariance(PROBE_STEP, random));
			monitor.progress(++step, total);
		}
		return pairing(readout.samples(x, scorer.evaluations()));
	}

	private PosteriorSamples pairing(final PosteriorSamples samples) {
		return settings.antithetic() ? samples.pairedAntithetically() : samples;
	}

	/** The settings' step kernel for this likelihood, or the nearest one it supports. */
	private StepKernel kernel(final Likelihood likelihood, final ChainWork work, final float[][] x, final double firstTime,
		final SplittableRandom random)
	{
		if (settings.step() == Step.IMPLICIT && likelihood instanceof ImplicitLikelihood implicit && implicit.offersImplicitStep()) {
			return new ImplicitStep(work, settings.stepScale());
		}
		if (settings.step() != Step.EXPLICIT) {
			final ImageShape shape = likelihood.shape();
			final Optional<CosinePreconditioner> preconditioner = likelihood.pixelCurvature().map(w -> CosinePreconditioner.inPixelBasis(shape,
				w)).or(() -> likelihood.curvatureSpectrum().map(h -> new CosinePreconditioner(shape, h)));
			if (preconditioner.isPresent()) {
				return new PreconditionedStep(work, preconditioner.get(), likelihood, settings.stepScale(), x, firstTime, random.split());
			}
		}
		return new ExplicitStep(work, settings.stepScale(), likelihood.lipschitz());
	}

	static void checkCancelled(final SamplerMonitor monitor) {
		if (monitor.isCancelled()) throw new CancellationException("Sampling was cancelled");
	}
}
