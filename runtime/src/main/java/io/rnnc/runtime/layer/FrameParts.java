package io.rnnc.runtime.layer;

import io.rnnc.runtime.kernels.ParallelRows;
import io.rnnc.runtime.kernels.WorkerPool;

/**
 * Runs work over a block of frames on a pool's threads, in parts of whole frames, as many as
 * pay ({@link ParallelRows#parts}). The frame layers' loops touch each frame's values alone, so
 * results do not depend on the split.
 */
final class FrameParts {
    private FrameParts() {
    }

    /** Work on frames {@code [from, to)}. */
    interface Range {
        void run(int from, int to);
    }

    /** Runs {@code body} over frames {@code [0, count)} on {@code pool}. */
    static void run(WorkerPool pool, int count, long workPerFrame, Range body) {
        int parts = ParallelRows.parts(count, workPerFrame, pool.parallelism());
        pool.forEach(parts, i -> body.run(bound(i, count, parts), bound(i + 1, count, parts)));
    }

    /** Where part i of n over {@code count} frames begins (i = n: the end). */
    private static int bound(int i, int count, int n) {
        return (int) ((long) i * count / n);
    }
}
