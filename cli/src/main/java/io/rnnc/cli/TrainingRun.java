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
 * The training loop of `rnnc train`: progress shown as it goes, a checkpoint every N steps and
 * at the end, and on Ctrl-C a checkpoint of the last finished step before the program exits.
 */
final class TrainingRun {
    /** How long Ctrl-C waits for the step in progress and the checkpoint. */
    private static final long SHUTDOWN_WAIT_SECONDS = 60;

    private final Trainer trainer;
    private final StepSource source;
    private final long total;
    private final long every;
    private final Checkpoints.Saver saver;
    private final PrintWriter err;
    private double lastLoss = Double.NaN;

    TrainingRun(Trainer trainer, StepSource source, long total, long every, Checkpoints.Saver saver, PrintWriter err) {
        this.trainer = trainer;
        this.source = source;
        this.total = total;
        this.every = every;
        this.saver = saver;
        this.err = err;
    }

    /** Trains to the end or until Ctrl-C; returns whether it reached the end. The checkpoint is saved either way. */
    boolean run() throws IOException {
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
        try (Progress progress = Progress.start(total, trainer.steps(), err)) {
            finished = TrainingLoop.run(trainer, source, total, (step, result, sequences) -> {
                lastLoss = result.loss();
                progress.step(step, result.loss(), sequences);
                if (every > 0 && step % every == 0 && step < total) {
                    save();
                }
            }, interrupted::get);
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
        return finished;
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
