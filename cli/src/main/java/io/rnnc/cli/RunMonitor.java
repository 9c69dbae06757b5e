package io.rnnc.cli;

import io.rnnc.compiler.model.RunConfig;
import io.rnnc.runtime.train.EarlyStopping;
import io.rnnc.runtime.train.Learner;
import io.rnnc.runtime.train.LoggedStep;
import io.rnnc.runtime.train.Metrics;
import io.rnnc.runtime.train.MetricsLog;
import io.rnnc.runtime.train.MetricsRecorder;
import io.rnnc.runtime.train.StepSource;
import io.rnnc.runtime.train.Trainer;
import io.rnnc.runtime.train.TrainingLoop;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What a training run keeps besides its checkpoint: its metrics file (a line every few steps,
 * the held-out evaluation every `--eval-every` steps and at the end), and with evaluations
 * during the run the best checkpoint so far, `NAME.best.safetensors`, and early stopping after
 * `--patience` evaluations without improvement. A resumed run appends to the same metrics file
 * and takes the best loss and the evaluations since it from the lines already there.
 */
public final class RunMonitor implements AutoCloseable {
    private final MetricsLog.Appender out;
    private final MetricsRecorder recorder;
    private final EarlyStopping early;
    private final Path metricsFile;
    private final Path bestFile;
    private final Checkpoints.Saver bestSaver;
    private final Trainer trainer;
    private final StepSource source;
    private Metrics bestMetrics = Metrics.none();

    private RunMonitor(MetricsLog.Appender out, Settings s, List<LoggedStep> history) {
        this.out = out;
        this.metricsFile = s.metricsFile();
        this.bestFile = s.evaluateDuring() ? bestBeside(s.checkpoint()) : null;
        this.bestSaver = bestFile == null ? null : s.saver().to(bestFile);
        this.trainer = s.trainer();
        this.source = s.source();
        this.early = new EarlyStopping(s.recipe().patience());
        double wall = 0;
        for (LoggedStep step : history) {
            step.get(MetricsLog.EVAL_LOSS).ifPresent(loss -> early.observe(step.step(), loss));
            wall = step.get(MetricsLog.WALL_S).orElse(wall);
        }
        RunConfig.Training recipe = s.recipe();
        MetricsRecorder.Settings settings = new MetricsRecorder.Settings(MetricsRecorder.Settings.lines(s.total()),
                recipe.evalEvery(), s.total(), s.source().stepsPerEpoch(), List.of(s.task().metric()));
        Learner model = s.trainer().model();
        this.recorder = new MetricsRecorder(s.trainer(), out, settings,
                () -> s.task().evaluate(model, recipe.batch(), recipe.steps()), this::evaluated, wall);
    }

    /**
     * A run's training, what it records and where.
     *
     * @param checkpoint the run's checkpoint; the metrics file and the best checkpoint lie beside it
     * @param saver saves the run's checkpoint
     * @param resumed whether the run goes on from its checkpoint (its metrics file is appended to)
     * @param total the step the run ends at
     */
    public record Settings(Path checkpoint, Checkpoints.Saver saver, boolean resumed, Trainer trainer, StepSource source,
                    Task task, RunConfig.Training recipe, long total) {
        Path metricsFile() {
            return MetricsLog.besideCheckpoint(checkpoint);
        }

        boolean evaluateDuring() {
            return recipe.evalEvery() > 0;
        }
    }

    /** Opens the run's metrics file: a new one, or for a resumed run the same one, its lines after the resumed step dropped by readers. */
    public static RunMonitor open(Settings s) {
        Path file = s.metricsFile();
        try {
            List<LoggedStep> history = s.resumed() && Files.exists(file) ? MetricsLog.read(file).stream()
                    .filter(step -> step.step() <= s.trainer().steps()).toList() : List.of();
            return new RunMonitor(s.resumed() ? MetricsLog.append(file) : MetricsLog.create(file), s, history);
        } catch (IOException e) {
            throw new UnavailableError(file + ": cannot write the run's metrics (" + IoReason.of(e) + ")");
        }
    }

    /** The best checkpoint of a run saved as {@code checkpoint}: beside it, {@code NAME.best.safetensors}. */
    static Path bestBeside(Path checkpoint) {
        String name = checkpoint.getFileName().toString();
        String base = name.endsWith(".safetensors") ? name.substring(0, name.length() - ".safetensors".length()) : name;
        return checkpoint.resolveSibling(base + ".best.safetensors");
    }

    /** Hears every step; logs and evaluates as it goes. */
    public TrainingLoop.Listener listener() {
        return (step, result, sequences) -> {
            try {
                recorder.stepped(step, result, sequences);
            } catch (UncheckedIOException e) {
                throw new UnavailableError(metricsFile + ": cannot write the run's metrics (" + IoReason.of(e.getCause()) + ")");
            }
        };
    }

    private void evaluated(long step, Metrics m) {
        if (m.isEmpty() || !early.observe(step, m.get("loss"))) {
            return;
        }
        bestMetrics = m;
        if (bestSaver != null) {
            bestSaver.save(trainer, source);
        }
    }

    /** Whether early stopping ends the run: `--patience` evaluations in a row without improvement. */
    public boolean stopEarly() {
        return early.exhausted();
    }

    /** Evaluates where the run stands unless it just did, logs it, and returns it. */
    public Metrics finish(long step) {
        try {
            return recorder.finish(step);
        } catch (UncheckedIOException e) {
            throw new UnavailableError(metricsFile + ": cannot write the run's metrics (" + IoReason.of(e.getCause()) + ")");
        }
    }

    /** The early-stopping record: the best held-out loss, its step, the evaluations since. */
    public EarlyStopping early() {
        return early;
    }

    /** The evaluation of the best step in this part of the run, empty where an earlier part had the best. */
    Metrics bestMetrics() {
        return bestMetrics;
    }

    /** The best checkpoint's file, or null when the run does not evaluate during training. */
    public Path bestFile() {
        return bestFile;
    }

    /** The run's metrics file. */
    Path metricsFile() {
        return metricsFile;
    }

    /** The median milliseconds of a training step in this part of the run. */
    double medianStepMillis() {
        return recorder.medianStepMillis();
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UnavailableError(metricsFile + ": cannot write the run's metrics (" + IoReason.of(e) + ")");
        }
    }
}
