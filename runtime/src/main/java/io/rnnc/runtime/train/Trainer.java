package io.rnnc.runtime.train;

import io.rnnc.runtime.data.Batch;
import io.rnnc.runtime.loss.Reduction;
import io.rnnc.runtime.optim.Clipping;
import io.rnnc.runtime.optim.LearningRate;
import io.rnnc.runtime.optim.Optimizer;
import io.rnnc.runtime.tensor.Tensor;
import io.rnnc.runtime.tensor.Tensors;
import java.util.Map;

/**
 * One training step at a time: forward, loss, backpropagation through time, clipping, and the
 * optimizer's update at the scheduled learning rate. Dropout masks depend only on the seed and
 * the step number, so a run resumed at step n continues exactly as it would have.
 */
public final class Trainer {
    /**
     * How steps are taken; start from {@link #defaults()} and name what differs:
     * {@code Settings.defaults().withClipNorm(5).withSeed(42)}.
     *
     * @param reduction how per-step losses are combined over time
     * @param clipValue clamp each gradient element to ±clipValue first (0: off)
     * @param clipNorm then scale all gradients so their global norm is at most clipNorm (0: off)
     * @param seed the run's seed
     * @param skipNonFinite a batch whose loss or gradients are not finite is skipped (no update,
     *     the states start again from zero) instead of stopping training with a {@link NonFiniteException}
     */
    public record Settings(Reduction reduction, double clipValue, double clipNorm, long seed, boolean skipNonFinite) {
        public Settings {
            if (clipValue < 0 || clipNorm < 0) {
                throw new IllegalArgumentException("clipping limits must be positive, or 0 for none");
            }
        }

        /** The mean loss over steps, no clipping, seed 0, stopping at a loss or gradient that is not finite. */
        public static Settings defaults() {
            return new Settings(Reduction.MEAN, 0, 0, 0, false);
        }

        /** The same, combining per-step losses by {@code r}. */
        public Settings withReduction(Reduction r) {
            return new Settings(r, clipValue, clipNorm, seed, skipNonFinite);
        }

        /** The same, clamping each gradient element to ±{@code limit} (0: off). */
        public Settings withClipValue(double limit) {
            return new Settings(reduction, limit, clipNorm, seed, skipNonFinite);
        }

        /** The same, scaling the gradients so that their global norm is at most {@code limit} (0: off). */
        public Settings withClipNorm(double limit) {
            return new Settings(reduction, clipValue, limit, seed, skipNonFinite);
        }

        /** The same with another seed (dropout masks). */
        public Settings withSeed(long s) {
            return new Settings(reduction, clipValue, clipNorm, s, skipNonFinite);
        }

        /** The same, skipping batches whose loss or gradients are not finite ({@code true}) or stopping there. */
        public Settings withSkipNonFinite(boolean skip) {
            return new Settings(reduction, clipValue, clipNorm, seed, skip);
        }
    }

    /**
     * What a step did: the loss before the update, the gradients' global norm before clipping,
     * the final states, and whether the batch was skipped for a loss or gradient that was not finite.
     */
    public record StepResult(double loss, double gradientNorm, States finalStates, boolean skipped) {
    }

    private final Learner model;
    private final Optimizer optimizer;
    private final LearningRate learningRate;
    private final Settings settings;
    private long step;

    public Trainer(Learner model, Optimizer optimizer, LearningRate learningRate, Settings settings) {
        this.model = model;
        this.optimizer = optimizer;
        this.learningRate = learningRate;
        this.settings = settings;
    }

    /**
     * Trains on one batch from the given states.
     *
     * @throws NonFiniteException when the loss or a gradient is NaN or infinite (unless the
     *     settings skip such batches; the parameters are then untouched), or the update made a
     *     parameter so
     */
    public StepResult step(Batch batch, States initial) {
        model.reseedDropout(settings.seed(), step);
        return apply(model.gradients(batch, initial, settings.reduction()));
    }

    /**
     * The update of the next step from gradients computed elsewhere (data-parallel training sums
     * them over workers): clipping, then the optimizer at the scheduled rate.
     */
    public StepResult apply(Learner.Gradients g) {
        Map<String, Tensor> grads = g.grads();
        String fault = nonFinite(g.loss(), grads);
        if (fault != null) {
            if (!settings.skipNonFinite()) {
                throw new NonFiniteException(step + 1, fault, true);
            }
            step++;
            return new StepResult(g.loss(), Double.NaN, States.zero(), true);
        }
        if (settings.clipValue() > 0) {
            Clipping.byValue(grads, settings.clipValue());
        }
        double norm = settings.clipNorm() > 0
                ? Clipping.byGlobalNorm(grads, settings.clipNorm())
                : Clipping.globalNorm(grads);
        optimizer.step(model.parameters(), grads, learningRate.at(step));
        step++;
        String broken = firstNonFinite(model.parameters());
        if (broken != null) {
            throw new NonFiniteException(step, "the update made parameter `" + broken + "` NaN or infinite (the "
                    + "gradients were finite: the learning rate is too large for them)", false);
        }
        return new StepResult(g.loss(), norm, g.finalStates(), false);
    }

    /** What is not finite among the loss and the gradients, as a clause; null when all are. */
    private static String nonFinite(double loss, Map<String, Tensor> grads) {
        String grad = firstNonFinite(grads);
        if (Double.isFinite(loss) && grad == null) {
            return null;
        }
        String gradient = grad == null ? "every gradient is finite"
                : "the first parameter whose gradient is not finite is `" + grad + "`";
        return (Double.isFinite(loss) ? "a gradient is not finite (" : "the loss is " + loss + " (") + gradient + ")";
    }

    /** The name of the first tensor holding a NaN or an infinity, or null. */
    private static String firstNonFinite(Map<String, Tensor> tensors) {
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            if (Tensors.firstNonFinite(e.getValue().data()) >= 0) {
                return e.getKey();
            }
        }
        return null;
    }

    /** The loss on a batch without training. */
    public double evaluate(Batch batch, States initial) {
        return model.loss(batch, initial, settings.reduction());
    }

    /** The learning rate of the update of step {@code n} (the first step is 0), as the schedule gives it. */
    public double rateAt(long n) {
        return learningRate.at(n);
    }

    /** Steps taken so far. */
    public long steps() {
        return step;
    }

    /** Continues a run at step {@code n}, after its parameters and optimizer state were restored. */
    public void resumeAt(long n) {
        this.step = n;
    }

    /** The model trained. */
    public Learner model() {
        return model;
    }

    /** The optimizer, whose state a checkpoint keeps. */
    public Optimizer optimizer() {
        return optimizer;
    }

    /** The settings. */
    public Settings settings() {
        return settings;
    }
}
