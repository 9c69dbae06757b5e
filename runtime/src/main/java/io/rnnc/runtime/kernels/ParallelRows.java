package io.rnnc.runtime.kernels;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs a kernel over its batch rows, or any work that splits in two, on two cores when the
 * work is large enough: the calling thread takes the first half, a helper thread the second. The helper spins while work keeps
 * coming (a step's kernels arrive every few tens of microseconds, and waking a parked thread
 * costs more than that: handing work to a pool took 0.3 ms a call) and parks after 2 ms idle.
 * The BLAS runs single-threaded on the calling thread, so no more threads compute than there
 * are cores.
 */
public final class ParallelRows {
    /**
     * Below this many element operations a kernel runs on the calling thread alone. A step's
     * kernels take microseconds in vector code, and splitting them moved each step's rows
     * between the two cores' caches: the GRU's training step at X=H=256, T=100, B=64 (280K
     * operations a step) took 181 ms with them split at 16K operations, 129 ms unsplit (before
     * the work beside the time loop, which now keeps the second core from its kernels). At
     * 100K rather than 400K, the LSTM's forward kernel at one-hot X=65, H=256, B=32 (170K, five
     * transcendental functions an element) is split once the input projection is done: its
     * training step took 54.4–56.3 ms instead of 56.9–57.3 (alternating runs), the GRU's there
     * 43.3 instead of 44.7–47.6; the GRU and the LSTM at X=H=256, B=64, the LSTM at X=H=128,
     * B=32 and rnn_tanh at X=H=512, B=64 were unchanged within the runs' spread.
     */
    static final long MIN_PARALLEL_WORK = 100_000;

    private static final Helper HELPER = Runtime.getRuntime().availableProcessors() > 1 ? new Helper() : null;

    /**
     * Runs {@code k} over rows [0, rows).
     *
     * @param workPerRow element operations per row, to judge whether splitting pays
     */
    public void run(Kernel k, Object bufs, int[] offs, int rows, long workPerRow) {
        if (HELPER == null || rows < 2 || rows * workPerRow < MIN_PARALLEL_WORK || !HELPER.busy.compareAndSet(false, true)) {
            k.run(bufs, offs, 0, rows);
            return;
        }
        int mid = rows / 2;
        HELPER.submit(k, bufs, offs, mid, rows);
        try {
            k.run(bufs, offs, 0, mid);
        } finally {
            HELPER.awaitAndRelease();
        }
    }

    /** Work that splits in two halves, numbered 0 and 1. */
    public interface Halves {
        /** Does half {@code h} of the work. */
        void half(int h);
    }

    /**
     * Runs {@code work.half(0)} on the calling thread and {@code work.half(1)} on the helper at
     * the same time, or both on the calling thread when there is no second core free.
     */
    public void inHalves(Halves work) {
        if (HELPER == null || !HELPER.busy.compareAndSet(false, true)) {
            work.half(0);
            work.half(1);
            return;
        }
        HELPER.submit(work);
        try {
            work.half(0);
        } finally {
            HELPER.awaitAndRelease();
        }
    }

    /**
     * Starts {@code work} on the helper and returns at once, while the caller goes on with its
     * own; {@link #joinBeside} waits for it. Until then the helper is taken: {@link #run} and
     * {@link #inHalves} run on the calling thread alone.
     *
     * @return false, running nothing, when there is no second core or another caller holds it
     */
    public boolean startBeside(Runnable work) {
        if (HELPER == null || !HELPER.busy.compareAndSet(false, true)) {
            return false;
        }
        HELPER.submit(h -> work.run());
        return true;
    }

    /** Waits for the work of {@link #startBeside} and frees the helper; rethrows what the work threw. */
    public void joinBeside() {
        HELPER.awaitAndRelease();
    }

    /** The second core's thread. One caller at a time owns it ({@link #busy}); others run alone. */
    private static final class Helper implements Runnable {
        private static final long SPIN_NANOS = 2_000_000;
        private static final int SPINS_BEFORE_YIELD = 2_000;

        final AtomicBoolean busy = new AtomicBoolean();
        private final Thread thread;
        private volatile Kernel kernel;
        private volatile boolean done;
        private volatile boolean parked;
        private Object bufs;
        private int[] offs;
        private int b0;
        private int b1;
        private RuntimeException failure;
        private Halves halves;
        /** Marks a {@link Halves} job, so that one volatile field announces both kinds of work. */
        private static final Kernel SECOND_HALF = (bufs, offs, b0, b1) -> { };

        Helper() {
            thread = new Thread(this, "rnnc-rows");
            thread.setDaemon(true);
            thread.start();
        }

        void submit(Kernel k, Object bufs, int[] offs, int b0, int b1) {
            this.bufs = bufs;
            this.offs = offs;
            this.b0 = b0;
            this.b1 = b1;
            this.halves = null;
            start(k);
        }

        void submit(Halves work) {
            this.halves = work;
            start(SECOND_HALF);
        }

        private void start(Kernel k) {
            failure = null;
            done = false;
            kernel = k; // the volatile write publishes the fields set before
            if (parked) {
                LockSupport.unpark(thread);
            }
        }

        void awaitAndRelease() {
            int spins = 0;
            while (!done) {
                // When the cores are oversubscribed (JIT threads at warm-up, other programs), spinning on
                // would keep the helper from the core it needs: after a short spin, give the core away.
                if (++spins < SPINS_BEFORE_YIELD) {
                    Thread.onSpinWait();
                } else {
                    Thread.yield();
                }
            }
            RuntimeException f = failure;
            busy.set(false);
            if (f != null) {
                throw f;
            }
        }

        @Override
        public void run() {
            while (true) {
                Kernel k = waitForWork();
                try {
                    if (k == SECOND_HALF) {
                        halves.half(1);
                    } else {
                        k.run(bufs, offs, b0, b1);
                    }
                } catch (RuntimeException e) {
                    failure = e;
                }
                kernel = null;
                done = true;
            }
        }

        private Kernel waitForWork() {
            long idleSince = System.nanoTime();
            while (true) {
                Kernel k = kernel;
                if (k != null) {
                    return k;
                }
                if (System.nanoTime() - idleSince < SPIN_NANOS) {
                    Thread.onSpinWait();
                    continue;
                }
                parked = true;
                if (kernel == null) {
                    LockSupport.park(this);
                }
                parked = false;
                idleSince = System.nanoTime();
            }
        }
    }
}
