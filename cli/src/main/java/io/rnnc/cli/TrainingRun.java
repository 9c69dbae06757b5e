package io.rnnc.cli;

import io.rnnc.runtime.train.StepSource;
import io.rnnc.runtime.train.Trainer;
import io.rnnc.runtime.train.TrainingLoop;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The training loop of `rnnc train` and `compare`: progress shown as it goes, what the run
 * records, a checkpoint every N steps and at the end, and on Ctrl-C a checkpoint of the last
 * finished step before the program exits.
 */
final class TrainingRun {
    /** How a run ended. */
    enum Outcome { FINISHED, STOPPED_EARLY, INTERRUPTED }

    /** How long Ctrl-C waits for the step in progress and the checkpoint. */
    private static final long SHUTDOWN_WAIT_SECONDS = 60;

    private final Trainer trainer;
    private final StepSource source;
    private final long total;
    private final long every;
    private final Checkpoints.Saver saver;
    private final RunMonitor monitor;
    private final PrintWriter err;
    private final boolean quiet;
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

    /** Trains to the end, until early stopping or until Ctrl-C. The checkpoint is saved either way. */
    Outcome run() throws IOException {
        AtomicBoolean interrupted = new AtomicBoolean();
        CountDownLatch saved = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            interrupted.set(true);
            try {
                saved.await(SHUTDOWN_WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Runtime.getRuntime().addShutdownHook(hook);
        boolean finished;
        TrainingLoop.Listener record = monitor.listener();
        try (Progress progress = Progress.start(total, trainer.steps(), err, quiet)) {
            finished = TrainingLoop.run(trainer, source, total, (step, result, sequences) -> {
                lastLoss = result.loss();
                record.stepped(step, result, sequences);
                progress.step(step, result.loss(), sequences);
                if (every > 0 && step % every == 0 && step < total) {
                    save();
                }
            }, () -> interrupted.get() || monitor.stopEarly());
        } finally {
            save();
            if (interrupted.get()) {
                err.printf("%ninterrupted: saved step %d; continue with --resume%n", trainer.steps());
                err.flush();
            }
            saved.countDown();
            if (!interrupted.get()) {
                Runtime.getRuntime().removeShutdownHook(hook);
            }
        }
        return finished ? Outcome.FINISHED : interrupted.get() ? Outcome.INTERRUPTED : Outcome.STOPPED_EARLY;
    }

    double lastLoss() {
        return lastLoss;
    }

    private void save() {
        try {
            saver.save(trainer, source);
        } catch (IOException e) {
            throw new UnavailableError("cannot write the checkpoint: " + e.getMessage());
        }
    }
}
