package io.rnnc.cli;

import java.io.PrintWriter;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress of long work other than training steps (reading a corpus, evaluating on held-out
 * data): a live bar on a terminal; otherwise, once the work has taken a few seconds, a line
 * every few seconds, so that a log shows it is still going.
 */
final class ProgressMeter implements AutoCloseable {
    private static final long QUIET_NANOS = 5_000_000_000L;

    private final String task;
    private final long total;
    private final ProgressBar bar;
    private final PrintWriter log;
    private final long startNanos = System.nanoTime();
    private long lastLine = startNanos;

    private ProgressMeter(String task, long total, ProgressBar bar, PrintWriter log) {
        this.task = task;
        this.total = total;
        this.bar = bar;
        this.log = log;
    }

    /**
     * @param task what is done, as the bar's name ("reading text.txt")
     * @param total how much there is to do, in {@code unit}s
     */
    static ProgressMeter start(String task, long total, String unit, long unitSize, PrintWriter err) {
        if (System.console() == null) {
            return new ProgressMeter(task, total, null, err);
        }
        ProgressBar bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(total).setUnit(unit, unitSize)
                .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK).setUpdateIntervalMillis(250).continuousUpdate()
                .build();
        return new ProgressMeter(task, total, bar, null);
    }

    /** {@code done} of the total is done. */
    void to(long done) {
        if (bar != null) {
            bar.stepTo(done);
            return;
        }
        long now = System.nanoTime();
        if (now - lastLine >= QUIET_NANOS) {
            lastLine = now;
            log.printf("%s: %d%% (%d s)%n", task, total == 0 ? 100 : 100 * done / total, (now - startNanos) / 1_000_000_000L);
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
