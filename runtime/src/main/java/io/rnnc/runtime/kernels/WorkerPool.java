package io.rnnc.runtime.kernels;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * The threads a model computes on: the calling thread and {@code threads() − 1} workers. Work
 * comes in two kinds: a <em>job</em> ({@link #forEach}), numbered parts that the caller and the
 * free workers share and that the caller waits for (a step's product or kernel); and the tasks
 * of a {@link TaskStream}, which workers take whenever no job has parts left (the work beside a
 * time loop). Who runs which part never changes what it computes: callers give every part its
 * own output, in a partition that does not depend on the thread count.
 *
 * <p>Workers start on the first job, spin while work keeps coming (a step's jobs arrive every
 * few tens of microseconds, and waking a parked thread takes longer than that), park after
 * {@link #SPIN_NANOS} idle, and end after two seconds idle; the next job starts them
 * again. A pool without work holds no threads, so models and layers may each make their own.
 * One job runs at a time: a second caller's job, or one posted while the pool is taken, runs
 * on its caller alone.
 *
 * <p>A thread that holds a part but waits for a core holds up the caller, which carries the
 * time loop. So no more threads compute at once than the JVM has processors ({@link
 * #parallelism}: the threads beyond them never start), and where other programs take cores
 * too, a {@link HelperBudget} offers jobs to fewer workers after a job whose caller waited for
 * a worker that was not running.
 */
public final class WorkerPool {
    /** Numbered parts of a job. */
    public interface Parts {
        /** Runs part {@code part}. */
        void run(int part);
    }

    /** Idle time a worker spins (and after {@link #SPINS_BEFORE_YIELD} turns, yields) before it parks. */
    private static final long SPIN_NANOS = 2_000_000;
    /** Idle time after which a worker ends. */
    private static final long EXIT_NANOS = 2_000_000_000L;
    /**
     * Turns of a spin before each further turn gives the core away: where threads outnumber
     * cores (JIT threads at warm-up, other programs, more threads asked for than there are
     * cores), a spinning thread would keep the one it waits for from running.
     */
    private static final int SPINS_BEFORE_YIELD = 2_000;

    private final int threads;
    private final long exitNanos;
    private final Worker[] workers;
    private final HelperBudget helpers;
    private final AtomicReference<Job> job = new AtomicReference<>();
    private final AtomicReference<TaskStream.Run> stream = new AtomicReference<>();

    /**
     * A pool of {@code threads} threads in all, the caller included, of which no more compute at
     * once than the JVM has processors.
     *
     * @throws IllegalArgumentException if {@code threads < 1}
     */
    public WorkerPool(int threads) {
        this(threads, availableProcessors(), EXIT_NANOS);
    }

    /** A pool on a machine of {@code processors} processors whose workers end after {@code exitNanos} idle. */
    WorkerPool(int threads, int processors, long exitNanos) {
        if (threads < 1) {
            throw new IllegalArgumentException("a worker pool needs at least 1 thread, not " + threads);
        }
        this.threads = threads;
        this.exitNanos = exitNanos;
        this.workers = new Worker[Math.min(threads, Math.max(processors, 1)) - 1];
        this.helpers = new HelperBudget(workers.length);
        for (int i = 0; i < workers.length; i++) {
            workers[i] = new Worker(i);
        }
    }

    /**
     * A pool whose {@code threads} threads all compute at once, however many processors the JVM
     * has: for checking, on a machine of few cores, that results do not depend on how many threads
     * share the work (a pool from {@link #WorkerPool(int)} there would run as few as the cores).
     *
     * @throws IllegalArgumentException if {@code threads < 1}
     */
    public static WorkerPool allAtOnce(int threads) {
        return new WorkerPool(threads, threads, EXIT_NANOS);
    }

    /** A pool of as many threads as the JVM has processors, the default of the command and the API. */
    public static WorkerPool ofAvailableProcessors() {
        return new WorkerPool(availableProcessors());
    }

    /** The processors available to the JVM. */
    public static int availableProcessors() {
        return Runtime.getRuntime().availableProcessors();
    }

    /** The threads of this pool, the caller's included, as asked for. */
    public int threads() {
        return threads;
    }

    /**
     * The threads that compute at once, the caller's included: {@link #threads}, or the JVM's
     * processors where there are fewer. Work that may be cut as the thread count goes is cut
     * into at most this many parts.
     */
    public int parallelism() {
        return workers.length + 1;
    }

    /**
     * Runs {@code work.run(i)} for every i in [0, parts), on the calling thread and whichever
     * workers are free, and returns once all have run; rethrows what a part threw. Parts run
     * at the same time, so each writes its own output; a part must not wait for other work.
     */
    public void forEach(int parts, Parts work) {
        if (parts <= 1 || workers.length == 0) {
            for (int i = 0; i < parts; i++) {
                work.run(i);
            }
            return;
        }
        Job j = new Job(work, parts, helpers.helpers());
        if (!job.compareAndSet(null, j)) {
            j.runAll();
            j.rethrow();
            return;
        }
        wakeWorkers(Math.min(j.seats.get(), parts - 1));
        long start = System.nanoTime();
        int own = 0;
        long ownEnd = start;
        try {
            own = j.runAll();
            ownEnd = System.nanoTime();
        } finally {
            // Every part is claimed: wait for those still running, and note how long, before releasing the slot.
            j.awaitDone();
            helpers.jobDone(own, ownEnd - start, System.nanoTime() - ownEnd);
            job.compareAndSet(j, null);
        }
        j.rethrow();
    }

    /** Makes {@code run} the stream workers take tasks from; false when another stream has them. */
    boolean install(TaskStream.Run run) {
        if (workers.length == 0 || !stream.compareAndSet(null, run)) {
            return false;
        }
        wakeWorkers(workers.length);
        return true;
    }

    /** Stops workers from taking tasks of {@code run}. */
    void uninstall(TaskStream.Run run) {
        stream.compareAndSet(run, null);
    }

    /** Worker threads running now. */
    int liveWorkers() {
        int n = 0;
        for (Worker w : workers) {
            n += w.alive.get() ? 1 : 0;
        }
        return n;
    }

    /** Starts or unparks the first {@code count} workers. */
    private void wakeWorkers(int count) {
        for (int i = 0; i < count; i++) {
            workers[i].wake();
        }
    }

    /** Spins a while, then gives the core away at each turn; returns the next turn's count. */
    static int pause(int spins) {
        if (spins < SPINS_BEFORE_YIELD) {
            Thread.onSpinWait();
        } else {
            Thread.yield();
        }
        return spins + 1;
    }

    /** One {@link #forEach} call: parts claimed in order by the caller and the workers that took a seat. */
    private static final class Job {
        private final Parts work;
        private final int parts;
        private final AtomicInteger next = new AtomicInteger();
        private final AtomicInteger done = new AtomicInteger();
        /** Workers that may still join the job. */
        final AtomicInteger seats;
        private volatile Throwable failure;

        Job(Parts work, int parts, int seats) {
            this.work = work;
            this.parts = parts;
            this.seats = new AtomicInteger(seats);
        }

        /** True when the calling worker may take parts of this job (once per worker and job). */
        boolean takeSeat() {
            return seats.getAndDecrement() > 0;
        }

        /** Runs one unclaimed part; false when none is left. */
        boolean runOne() {
            int i = next.getAndIncrement();
            if (i >= parts) {
                return false;
            }
            try {
                work.run(i);
            } catch (RuntimeException | Error e) {
                if (failure == null) {
                    failure = e;
                }
            } finally {
                done.incrementAndGet();
            }
            return true;
        }

        /** Runs unclaimed parts until none is left; returns how many it ran. */
        int runAll() {
            int ran = 0;
            while (runOne()) {
                ran++;
            }
            return ran;
        }

        void awaitDone() {
            int spins = 0;
            while (done.get() < parts) {
                spins = pause(spins);
            }
        }

        void rethrow() {
            Throwable f = failure;
            if (f instanceof RuntimeException e) {
                throw e;
            }
            if (f instanceof Error e) {
                throw e;
            }
        }
    }

    /** A worker thread's slot: the thread runs while there is work and ends when idle long enough. */
    private final class Worker implements Runnable {
        private final int index;
        /** True from the start of a thread for this slot until it decides to end. */
        private final AtomicBoolean alive = new AtomicBoolean();
        private volatile Thread thread;
        private volatile boolean parked;
        /** The job whose seat this worker holds, or that it was refused. */
        private Job seen;
        private boolean seated;

        Worker(int index) {
            this.index = index;
        }

        /** Starts the slot's thread if it has none, or unparks it. */
        void wake() {
            if (!alive.get() && alive.compareAndSet(false, true)) {
                Thread t = new Thread(this, "rnnc-worker-" + (index + 1));
                t.setDaemon(true);
                thread = t;
                t.start();
            } else if (parked) {
                LockSupport.unpark(thread);
            }
        }

        @Override
        public void run() {
            long idleSince = System.nanoTime();
            int spins = 0;
            while (true) {
                if (runSomething()) {
                    idleSince = System.nanoTime();
                    spins = 0;
                    continue;
                }
                long idle = System.nanoTime() - idleSince;
                if (idle < SPIN_NANOS) {
                    spins = pause(spins);
                    continue;
                }
                if (idle >= exitNanos) {
                    alive.set(false);
                    // A job posted since would have started no thread while this one was alive: look once more.
                    if (hasWork() && alive.compareAndSet(false, true)) {
                        idleSince = System.nanoTime();
                        continue;
                    }
                    seen = null; // the slot outlives its thread: hold on to no job's arrays
                    return;
                }
                parked = true;
                if (hasWork()) {
                    // A stream whose next task is not ready yet, or a job's last parts: keep pausing, yielding soon.
                    parked = false;
                    spins = pause(spins);
                    continue;
                }
                LockSupport.parkNanos(this, exitNanos);
                parked = false;
                seen = null;
                spins = 0;
            }
        }

        /** Work this worker may take: a stream, or a job it holds a seat at or has not asked for one yet. */
        private boolean hasWork() {
            Job j = job.get();
            return j != null && (j != seen || seated) || stream.get() != null;
        }

        /** One part of the current job, else one task of the current stream; false when there was neither. */
        private boolean runSomething() {
            Job j = job.get();
            if (j != null && j != seen) {
                seen = j;
                seated = j.takeSeat();
            }
            if (j != null && seated && j.runOne()) {
                return true;
            }
            TaskStream.Run s = stream.get();
            return s != null && s.runOne();
        }
    }
}
