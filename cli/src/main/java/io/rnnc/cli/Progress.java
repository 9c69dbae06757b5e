package io.rnnc.cli;

import java.io.PrintWriter;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Training progress: on a terminal a live bar with step, loss, sequences per second and ETA;
 * otherwise (a log, a test) one line every tenth of the run.
 */
final class Progress implements AutoCloseable {
    private final ProgressBar bar;
    private final PrintWriter log;
    private final long total;
    private final long startStep;
    private final long startNanos = System.nanoTime();
    private long sequences;

    private Progress(ProgressBar bar, PrintWriter log, long total, long startStep) {
        this.bar = bar;
        this.log = log;
        this.total = total;
        this.startStep = startStep;
    }

    /** @param quiet no lines where there is no terminal */
    static Progress start(long total, long at, PrintWriter err, boolean quiet) {
        if (System.console() == null) {
            return new Progress(null, quiet ? null : err, total, at);
        }
        ProgressBar bar = new ProgressBarBuilder().setTaskName("train").setInitialMax(total).startsFrom(at,
                java.time.Duration.ZERO).setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK).setUpdateIntervalMillis(250)
                .continuousUpdate().build();
        return new Progress(bar, null, total, at);
    }

    void step(long step, double loss, int batchSequences) {
        sequences += batchSequences;
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        String message = String.format("loss %.4f · %.0f seq/s", loss, sequences / Math.max(seconds, 1e-9));
        if (bar != null) {
            bar.stepTo(step);
            bar.setExtraMessage(message);
            return;
        }
        if (log == null) {
            return;
        }
        long tenth = Math.max(1, (total - startStep) / 10);
        if ((step - startStep) % tenth == 0 || step == total) {
            long eta = Math.round(seconds / (step - startStep) * (total - step));
            log.printf("step %d/%d  %s  eta %ds%n", step, total, message, eta);
            log.flush();
        }
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
