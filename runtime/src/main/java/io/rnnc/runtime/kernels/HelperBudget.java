package io.rnnc.runtime.kernels;

/**
 * How many of a {@link WorkerPool}'s workers the next job is offered to. A job's caller carries
 * the time loop, and once its own parts are done it waits for the parts that workers took: when
 * a worker was not running (more runnable threads than cores, another program's among them),
 * that wait lasts until the scheduler gives the worker a core again, milliseconds where a part
 * takes microseconds. So after a job whose caller waited much longer than a part takes, fewer
 * workers (half as many) are offered the next jobs, and the caller runs the rest itself. After
 * enough jobs without such a wait one more worker is offered them again; a try that soon ends
 * in another wait doubles the jobs before the next try, one that holds halves them.
 *
 * <p>Who runs a part never changes what it computes, so this changes the speed alone. Only the
 * thread that holds the pool's job slot calls {@link #jobDone}: one at a time, and the slot's
 * compare-and-set orders one caller's updates before the next caller's reads.
 */
final class HelperBudget {
    /** A wait longer than this beyond twice a part's time is a worker that was not running. */
    static final long SLACK_NANOS = 100_000;
    /** Jobs without a long wait before one more worker is offered jobs: at first, and at least. */
    static final int FIRST_TRY = 64;
    /** The most jobs between two tries. */
    static final int LAST_TRY = 1 << 14;
    private static final int NO_TRY = -1;

    private final int workers;
    private int helpers;
    /** Jobs since the last long wait or the last try. */
    private int calm;
    /** Jobs since the last try while it may still fail, else {@link #NO_TRY}. */
    private int sinceTry = NO_TRY;
    private int tryAfter = FIRST_TRY;

    /** A budget for a pool of {@code workers} workers, all of them offered jobs at first. */
    HelperBudget(int workers) {
        this.workers = workers;
        this.helpers = workers;
    }

    /** The workers the next job is offered to. */
    int helpers() {
        return helpers;
    }

    /**
     * Takes note of a job: the caller ran {@code ownParts} parts in {@code ownNanos}, then waited
     * {@code waitNanos} for the workers' parts.
     */
    void jobDone(int ownParts, long ownNanos, long waitNanos) {
        if (ownParts == 0) {
            return;
        }
        if (waitNanos > 2 * (ownNanos / ownParts) + SLACK_NANOS) {
            waited();
        } else {
            calm();
        }
    }

    private void waited() {
        if (sinceTry != NO_TRY) {
            tryAfter = Math.min(2 * tryAfter, LAST_TRY);
        }
        helpers /= 2;
        calm = 0;
        sinceTry = NO_TRY;
    }

    private void calm() {
        calm++;
        if (sinceTry != NO_TRY && ++sinceTry == tryAfter) {
            tryAfter = Math.max(tryAfter / 2, FIRST_TRY);
            sinceTry = NO_TRY;
        }
        if (helpers < workers && calm >= tryAfter) {
            helpers++;
            calm = 0;
            sinceTry = 0;
        }
    }
}
