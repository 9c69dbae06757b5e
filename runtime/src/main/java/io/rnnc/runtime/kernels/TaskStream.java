package io.rnnc.runtime.kernels;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * Numbered tasks that become ready over time and run on the second core beside the caller's
 * own work: a recurrent layer's time loop is one long chain of small dependent steps, and the
 * work that does not lie on that chain (the input projection of later steps, the weight
 * gradients of steps already done) runs beside it instead of after it.
 *
 * <p>Tasks are claimed in order by whichever thread is free: the helper from
 * {@link ParallelRows}, and the caller whenever it waits for a task or {@link #finish finishes}.
 * Two tasks may run at once, so what they write must not overlap, or must be ordered by the
 * tasks themselves. Without a free second core the caller runs every task itself, in order.
 */
public final class TaskStream {
    /** One numbered task. */
    public interface Task {
        /** Runs task {@code index}. */
        void run(int index);
    }

    private static final int SPINS_BEFORE_YIELD = 2_000;

    private final ParallelRows rows;
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicInteger finished = new AtomicInteger();
    private AtomicIntegerArray done = new AtomicIntegerArray(0);
    private volatile int published;
    private volatile Throwable failure;
    private int count;
    private Task task;
    private boolean helperEngaged;

    /** A stream whose helper is the second core of {@code rows}. */
    public TaskStream(ParallelRows rows) {
        this.rows = rows;
    }

    /**
     * Starts a stream of {@code count} tasks, none ready yet, and engages the helper when it is
     * free. The previous stream must be finished.
     */
    public void start(int count, Task task) {
        this.count = count;
        this.task = task;
        next.set(0);
        finished.set(0);
        published = 0;
        failure = null;
        if (done.length() < count) {
            done = new AtomicIntegerArray(count);
        } else {
            for (int i = 0; i < count; i++) {
                done.set(i, 0);
            }
        }
        helperEngaged = count > 0 && rows.startBeside(this::helperLoop);
    }

    /**
     * True while the helper is taken by this stream: the caller's own work then has one core.
     * Once every task has run, frees the helper first, so that the caller's work can use it again.
     */
    public boolean helperBusy() {
        if (helperEngaged && finished.get() == count) {
            helperEngaged = false;
            rows.joinBeside();
        }
        return helperEngaged;
    }

    /** Tasks below {@code upTo} may run from now on. */
    public void publish(int upTo) {
        if (upTo > published) {
            published = Math.min(upTo, count);
        }
    }

    /** Returns once task {@code index} (published) has run, running unclaimed tasks up to it itself. */
    public void awaitDone(int index) {
        int spins = 0;
        while (done.get(index) == 0) {
            checkFailure();
            int i = next.get();
            if (i <= index && i < published && next.compareAndSet(i, i + 1)) {
                runTask(i);
            } else {
                spins = pause(spins);
            }
        }
        checkFailure();
    }

    /** Publishes every task, runs what is left beside the helper, and waits for the helper to stop. */
    public void finish() {
        publish(count);
        try {
            for (int i = next.getAndIncrement(); i < count && failure == null; i = next.getAndIncrement()) {
                runTask(i);
            }
        } finally {
            if (helperEngaged) {
                helperEngaged = false;
                rows.joinBeside();
            }
        }
        checkFailure();
    }

    private void helperLoop() {
        int spins = 0;
        while (failure == null) {
            int i = next.get();
            if (i >= count) {
                return;
            }
            if (i < published && next.compareAndSet(i, i + 1)) {
                runTask(i);
                spins = 0;
            } else {
                spins = pause(spins);
            }
        }
    }

    private void runTask(int i) {
        try {
            task.run(i);
        } catch (RuntimeException | Error e) {
            if (failure == null) {
                failure = e;
            }
        } finally {
            done.set(i, 1);
            finished.incrementAndGet();
        }
    }

    /** Spins a while, then gives the core away at each turn (the JIT's threads may need it). */
    private static int pause(int spins) {
        if (spins < SPINS_BEFORE_YIELD) {
            Thread.onSpinWait();
        } else {
            Thread.yield();
        }
        return spins + 1;
    }

    private void checkFailure() {
        Throwable f = failure;
        if (f instanceof RuntimeException e) {
            throw e;
        }
        if (f instanceof Error e) {
            throw e;
        }
    }
}
