package io.rnnc.cli;

import io.rnnc.runtime.train.NonFiniteException;
import io.rnnc.runtime.train.StepSource;
import io.rnnc.runtime.train.Trainer;
import io.rnnc.runtime.train.TrainingLoop;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * The training loop of `rnnc train` and `compare`: progress shown as it goes, what the run
 * records, a checkpoint every N steps and at the end, and on Ctrl-C or SIGTERM a checkpoint of
 * the last finished step before the program exits. A loss or gradient that is not finite stops the run with the step and the
 * parameter named (or, as the settings ask, skips the batch), and never reaches a checkpoint.
 */
final class TrainingRun {
    /** How a run ended. */
    enum Outcome { FINISHED, STOPPED_EARLY, INTERRUPTED }

    /** Steps of skipped batches named at the end, at most. */
    private static final int SKIPPED_NAMED = 5;

    private final Trainer trainer;
    private final StepSource source;
    private final long total;
    private final long every;
    private final Checkpoints.Saver saver;
    private final RunMonitor monitor;
    private final PrintWriter err;
    private final boolean quiet;
    private final List<Long> skipped = new ArrayList<>();
    private double lastLoss = Double.NaN;

    /**
     * @param monitor what the run records, and whether it stops early
     * @param quiet no progress lines where there is no terminal (one run among many)
     */
    TrainingRun(Trainer trainer, StepSource source, long total, long every, Checkpoints.Saver saver, RunMonitor monitor,
                PrintWriter err, boolean quiet) {
        this.trainer = trainer;
        this.source = source;
        this.total = total;
        this.every = every;
        this.saver = saver;
        this.monitor = monitor;
        this.err = err;
        this.quiet = quiet;
    }

    /**
     * Trains to the end, until early stopping or until Ctrl-C or SIGTERM. The checkpoint is saved
     * either way.
     *
     * @throws UserError when the loss or a gradient was not finite
     * @throws UnavailableError when the checkpoint could not be written
     */
    Outcome run() {
        boolean finished;
        boolean stopAsked;
        TrainingLoop.Listener record = monitor.listener();
        try (StopSignals signals = StopSignals.install(err);
             Progress progress = Progress.start(total, trainer.steps(), err, quiet)) {
            finished = TrainingLoop.run(trainer, source, total, (step, result, sequences) -> {
                if (result.skipped()) {
                    skipped.add(step);
                } else {
                    lastLoss = result.loss();
                }
                record.stepped(step, result, sequences);
                progress.step(step, result.loss(), sequences);
                if (every > 0 && step % every == 0 && step < total) {
                    saver.save(trainer, source);
                }
            }, () -> signals.stopAsked() || monitor.stopEarly());
            stopAsked = signals.stopAsked();
        } catch (NonFiniteException e) {
            throw diverged(e);
        } catch (UserError e) {
            throw e;
        } catch (RuntimeException | Error e) {
            // A bug: keep the last finished step if it can be kept, and report the bug.
            saveAfter(e);
            throw e;
        }
        saver.save(trainer, source);
        if (!finished && stopAsked) {
            err.printf("%ninterrupted: saved step %d; continue with --resume%n", trainer.steps());
        }
        if (!skipped.isEmpty()) {
            err.printf("rnnc: skipped %d batch%s whose loss or gradients were not finite (step%s %s)%n", skipped.size(),
                    skipped.size() == 1 ? "" : "es", skipped.size() == 1 ? "" : "s", named(skipped));
        }
        err.flush();
        return finished ? Outcome.FINISHED : stopAsked ? Outcome.INTERRUPTED : Outcome.STOPPED_EARLY;
    }

    double lastLoss() {
        return lastLoss;
    }

    /** The sentence for a run that met a NaN or an infinity, after saving what is still good. */
    private UserError diverged(NonFiniteException e) {
        String saved;
        if (e.parametersIntact()) {
            saver.save(trainer, source);
            saved = "step " + trainer.steps() + ", the last good one, is saved in " + saver.file();
        } else {
            saved = "the parameters are no longer finite and were not saved; "
                    + (saver.savedStep() >= 0 ? "the last good checkpoint is " + saver.file() + ", step " + saver.savedStep()
                    : "no checkpoint was saved in this run");
        }
        return new UserError(e.problem() + "; training stopped, and " + saved + "; " + ErrorMessages.option(e.remedy())
                + " (--resume continues with either)");
    }

    private void saveAfter(Throwable failure) {
        try {
            saver.save(trainer, source);
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    private static String named(List<Long> steps) {
        List<String> shown = steps.stream().limit(SKIPPED_NAMED).map(String::valueOf).toList();
        return String.join(", ", shown) + (steps.size() > SKIPPED_NAMED ? ", …" : "");
    }
}
