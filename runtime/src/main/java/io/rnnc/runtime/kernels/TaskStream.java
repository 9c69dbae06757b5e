package io.rnnc.runtime.kernels;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * Numbered tasks that become ready over time and run on a {@link WorkerPool}'s workers beside
 * the caller's own work: a recurrent layer's time loop is one long chain of small dependent
 * steps, and the work that does not lie on that chain (the input projection of later steps,
 * the weight gradients of steps already done) runs beside it instead of after it.
 *
 * <p>Tasks are claimed in order by whichever thread is free: the pool's workers when no job of
 * the pool has parts left, and the caller whenever it waits for a task or {@link #finish
 * finishes}. Any number of tasks may run at once, so what they write must not overlap, or must
 * be ordered by the tasks themselves. Without free workers the caller runs every task itself,
 * in order.
 */
public final class TaskStream {
    /** One numbered task. */
    public interface Task {
        /** Runs task {@code index}. */
        void run(int index);
    }

    private final WorkerPool pool;
    private Run run;

    /** A stream whose tasks run on {@code pool}'s workers. */
    public TaskStream(WorkerPool pool) {
        this.pool = pool;
    }

    /**
     * Starts a stream of {@code count} tasks, none ready yet, and offers them to the pool's
     * workers. The previous stream must be finished.
     */
    public void start(int count, Task task) {
        run = new Run(count, task);
        if (count > 0) {
            run.installed = pool.install(run);
        }
    }

    /** Tasks below {@code upTo} may run from now on. */
    public void publish(int upTo) {
        Run r = run;
        if (upTo > r.published) {
            r.published = Math.min(upTo, r.count);
        }
    }

    /** Returns once task {@code index} (published) has run, running unclaimed tasks up to it itself. */
    public void awaitDone(int index) {
        Run r = run;
        int spins = 0;
        while (r.done.get(index) == 0) {
            r.checkFailure();
            int i = r.next.get();
            if (i <= index && i < r.published && r.next.compareAndSet(i, i + 1)) {
                r.runTask(i);
            } else {
                spins = WorkerPool.pause(spins);
            }
        }
        r.checkFailure();
    }

    /** Publishes every task, runs what is left beside the workers, and waits until every task has run. */
    public void finish() {
        Run r = run;
        publish(r.count);
        try {
            while (r.failure == null && r.runOne()) {
                // each turn ran one task
            }
        } finally {
            if (r.installed) {
                pool.uninstall(r);
            }
            // No claims from now on (after a failure some tasks stay unclaimed); wait for the claimed ones.
            int claimed = Math.min(r.next.getAndSet(r.count), r.count);
            int spins = 0;
            while (r.finished.get() < claimed) {
                spins = WorkerPool.pause(spins);
            }
        }
        r.checkFailure();
    }

    /** One {@link #start}'s tasks: workers hold on to it, so a new start never mixes with tasks of an old one. */
    static final class Run {
        final int count;
        private final Task task;
        final AtomicInteger next = new AtomicInteger();
        final AtomicInteger finished = new AtomicInteger();
        final AtomicIntegerArray done;
        volatile int published;
        volatile Throwable failure;
        boolean installed;

        Run(int count, Task task) {
            this.count = count;
            this.task = task;
            this.done = new AtomicIntegerArray(count);
        }

        /** Runs the next task if it is published; false otherwise (none ready, all claimed, or one failed). */
        boolean runOne() {
            while (failure == null) {
                int i = next.get();
                if (i >= count || i >= published) {
                    return false;
                }
                if (next.compareAndSet(i, i + 1)) {
                    runTask(i);
                    return true;
                }
            }
            return false;
        }

        void runTask(int i) {
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

        void checkFailure() {
            Throwable f = failure;
            if (f instanceof RuntimeException e) {
                throw e;
            }
            if (f instanceof Error e) {
                throw e;
            }
        }
    }
}
