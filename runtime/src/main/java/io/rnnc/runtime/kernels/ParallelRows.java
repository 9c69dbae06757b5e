package io.rnnc.runtime.kernels;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ForkJoinPool;

/**
 * Runs a kernel over its batch rows on all cores when the work is large enough to pay for the
 * hand-off. Kernels run between matrix products, never during one, so together with the BLAS
 * threads no more threads are busy than there are cores.
 */
public final class ParallelRows {
    /** Below this many element operations a kernel runs on the calling thread alone. */
    static final long MIN_PARALLEL_WORK = 16_384;

    private final int threads;

    /** Splits over the common pool's workers plus the calling thread. */
    public ParallelRows() {
        this(ForkJoinPool.getCommonPoolParallelism() + 1);
    }

    /** Splits over {@code threads} threads (1: never splits). */
    public ParallelRows(int threads) {
        this.threads = Math.max(1, threads);
    }

    /**
     * Runs {@code k} over rows [0, rows).
     *
     * @param workPerRow element operations per row, to judge whether splitting pays
     */
    public void run(Kernel k, Object bufs, int[] offs, int rows, long workPerRow) {
        int parts = (int) Math.min(threads, rows);
        if (parts <= 1 || rows * workPerRow < MIN_PARALLEL_WORK) {
            k.run(bufs, offs, 0, rows);
            return;
        }
        CompletableFuture<?>[] others = new CompletableFuture<?>[parts - 1];
        for (int i = 1; i < parts; i++) {
            int b0 = (int) ((long) rows * i / parts);
            int b1 = (int) ((long) rows * (i + 1) / parts);
            others[i - 1] = CompletableFuture.runAsync(() -> k.run(bufs, offs, b0, b1), ForkJoinPool.commonPool());
        }
        k.run(bufs, offs, 0, rows / parts);
        CompletableFuture.allOf(others).join();
    }
}
