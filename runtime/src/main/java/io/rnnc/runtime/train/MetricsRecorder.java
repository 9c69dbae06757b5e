package io.rnnc.runtime.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * Keeps a run's record as it trains: a {@link MetricsLog} line every few steps with the
 * training loss and gradient norm averaged since the line before, the learning rate, the
 * speed and the wall time, and at every evaluation (every {@code evalEvery} steps and at the
 * run's last step) the held-out loss and the task's metrics. Measures the time of the training
 * steps alone, evaluations left out, for a run's milliseconds per step.
 */
public final class MetricsRecorder implements TrainingLoop.Listener {
    /**
     * When to log and evaluate.
     *
     * @param logEvery steps between lines (evaluations add lines of their own)
     * @param evalEvery steps between held-out evaluations; 0 for one at the last step only
     * @param total the run's last step
     * @param stepsPerEpoch steps in one pass over the data, for the epoch
     * @param logged the evaluation's metrics to log under their own names, beside the loss
     */
    public record Settings(long logEvery, long evalEvery, long total, int stepsPerEpoch, List<String> logged) {
        public Settings {
            if (logEvery < 1 || evalEvery < 0 || stepsPerEpoch < 1) {
                throw new IllegalArgumentException("log every ≥ 1, evaluate every ≥ 0 steps, an epoch ≥ 1 step");
            }
            logged = List.copyOf(logged);
        }

        /** A line every step for short runs, about 500 lines in all for long ones. */
        public static long lines(long total) {
            return Math.max(1, Math.round(total / 500.0));
        }
    }

    private final Trainer trainer;
    private final MetricsLog.Appender out;
    private final Settings settings;
    private final Supplier<Metrics> evaluation;
    private final BiConsumer<Long, Metrics> evaluated;
    private final long startNanos = System.nanoTime();
    private final double wallBefore;
    private long lastReturned = System.nanoTime();
    private double lossSum;
    private double normSum;
    private int counted;
    private long sequences;
    private long trainNanos;
    private long[] stepNanos = new long[64];
    private int stepsTimed;
    private Metrics last = Metrics.none();
    private long lastEvaluatedStep = -1;

    /**
     * @param evaluation the held-out evaluation of the model as it stands; empty metrics without held-out data
     * @param evaluated told of each evaluation's step and metrics, after its line is written
     * @param wallBefore seconds an earlier part of the run took (a resumed run continues the count)
     */
    public MetricsRecorder(Trainer trainer, MetricsLog.Appender out, Settings settings, Supplier<Metrics> evaluation,
                           BiConsumer<Long, Metrics> evaluated, double wallBefore) {
        this.trainer = trainer;
        this.out = out;
        this.settings = settings;
        this.evaluation = evaluation;
        this.evaluated = evaluated;
        this.wallBefore = wallBefore;
    }

    @Override
    public void stepped(long step, Trainer.StepResult result, int batchSequences) {
        long took = System.nanoTime() - lastReturned;
        trainNanos += took;
        if (stepsTimed == stepNanos.length) {
            stepNanos = Arrays.copyOf(stepNanos, 2 * stepNanos.length);
        }
        stepNanos[stepsTimed++] = took;
        if (!result.skipped()) {
            // A batch skipped for a NaN (--skip-nonfinite) would make the mean NaN.
            lossSum += result.loss();
            normSum += result.gradientNorm();
            counted++;
        }
        sequences += batchSequences;
        boolean evaluate = settings.evalEvery() > 0 && step % settings.evalEvery() == 0 || step == settings.total();
        if (evaluate || step % settings.logEvery() == 0) {
            log(step, evaluate);
        }
        lastReturned = System.nanoTime();
    }

    /**
     * Evaluates at {@code step} unless that was done, and logs it: for a run that stopped before
     * its last step (Ctrl-C, early stopping). Returns the evaluation.
     */
    public Metrics finish(long step) {
        if (lastEvaluatedStep != step) {
            log(step, true);
        }
        return last;
    }

    private void log(long step, boolean evaluate) {
        double seconds = trainNanos / 1e9;
        LoggedStep line = LoggedStep.at(step).with(MetricsLog.EPOCH, step == 0 ? 1 : (step - 1) / settings.stepsPerEpoch() + 1);
        if (counted > 0) {
            line = line.with(MetricsLog.TRAIN_LOSS, lossSum / counted).with(MetricsLog.LR, trainer.rateAt(step - 1))
                    .with(MetricsLog.GRAD_NORM, normSum / counted).with(MetricsLog.SEQ_PER_S, sequences / Math.max(seconds, 1e-9));
        }
        Metrics m = null;
        if (evaluate) {
            m = evaluation.get();
            line = line.with(logged(m));
        }
        line = line.with(MetricsLog.WALL_S, wallBefore + (System.nanoTime() - startNanos) / 1e9);
        try {
            out.write(line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        lossSum = 0;
        normSum = 0;
        counted = 0;
        sequences = 0;
        trainNanos = 0;
        if (m != null) {
            last = m;
            lastEvaluatedStep = step;
            evaluated.accept(step, m);
        }
    }

    private Map<String, Double> logged(Metrics m) {
        Map<String, Double> values = new LinkedHashMap<>();
        if (m.isEmpty()) {
            return values;
        }
        values.put(MetricsLog.EVAL_LOSS, m.get("loss"));
        for (String name : settings.logged()) {
            values.put(name, m.get(name));
        }
        return values;
    }

    /**
     * The median time of a training step over the second half of this part of the run, in
     * milliseconds (in the first, the JIT is still compiling the kernels); NaN before any step.
     */
    public double medianStepMillis() {
        if (stepsTimed == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOfRange(stepNanos, stepsTimed / 2, stepsTimed);
        Arrays.sort(sorted);
        int n = sorted.length;
        return (n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0) / 1e6;
    }
}
