package io.rnnc.runtime.layer;

import io.rnnc.runtime.kernels.ParallelRows;

/**
 * Runs work over a block of frames on two cores, half of the frames on each. The frame layers'
 * loops touch each frame's values alone, so results do not depend on the split.
 */
final class FrameHalves {
    /** Below this many element operations the work runs on the calling thread alone, as ParallelRows does. */
    private static final long MIN_PARALLEL_WORK = 100_000;
    private static final ParallelRows PARALLEL = new ParallelRows();

    private FrameHalves() {
    }

    /** Work on frames {@code [from, to)}. */
    interface Range {
        void run(int from, int to);
    }

    /** Runs {@code body} over frames {@code [0, count)}, split in two when there is enough work. */
    static void run(int count, long workPerFrame, Range body) {
        if (count < 2 || count * workPerFrame < MIN_PARALLEL_WORK) {
            body.run(0, count);
            return;
        }
        int mid = count / 2;
        PARALLEL.inHalves(h -> {
            if (h == 0) {
                body.run(0, mid);
            } else {
                body.run(mid, count);
            }
        });
    }
}
