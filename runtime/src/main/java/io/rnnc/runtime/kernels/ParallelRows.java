package io.rnnc.runtime.kernels;

/**
 * Runs a kernel over its batch rows on a {@link WorkerPool}, in as many parts as pay: each row
 * is computed by the same code whichever part holds it, so the split may follow the thread
 * count freely.
 */
public final class ParallelRows {
    /**
     * Element operations a part must have at least. A step's kernels take microseconds in
     * vector code, and splitting them moves each step's rows between the cores' caches: on 2
     * cores the GRU's training step at X=H=256, T=100, B=64 (280K operations a step) took 181
     * ms with its kernels split from 16K operations, 129 ms unsplit (before the work beside the
     * time loop). Halves from 100K rather than 400K operations paid on the LSTM's forward kernel
     * at one-hot X=65, H=256, B=32 (170K operations, five transcendental functions an element):
     * its training step took 54.4–56.3 ms instead of 56.9–57.3, with no loss elsewhere.
     */
    static final long MIN_PART_WORK = 50_000;

    private final WorkerPool pool;

    /** Rows run on {@code pool}. */
    public ParallelRows(WorkerPool pool) {
        this.pool = pool;
    }

    /**
     * Runs {@code k} over rows [0, rows).
     *
     * @param workPerRow element operations per row, to judge how many parts pay
     */
    public void run(Kernel k, Object bufs, int[] offs, int rows, long workPerRow) {
        int parts = parts(rows, workPerRow, pool.parallelism());
        if (parts == 1) {
            k.run(bufs, offs, 0, rows);
            return;
        }
        pool.forEach(parts, i -> k.run(bufs, offs, bound(i, rows, parts), bound(i + 1, rows, parts)));
    }

    /** Parts for {@code rows} rows of {@code workPerRow} operations on {@code threads} threads. */
    public static int parts(int rows, long workPerRow, int threads) {
        long byWork = rows * workPerRow / MIN_PART_WORK;
        return (int) Math.max(1, Math.min(byWork, Math.min(threads, rows)));
    }

    /** Where part i of n over {@code rows} rows begins (i = n: the end). */
    private static int bound(int i, int rows, int n) {
        return (int) ((long) i * rows / n);
    }
}
