package io.rnnc.runtime.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Jobs are offered to fewer workers after a caller waited for one that was not running, and to more once calm returns. */
class HelperBudgetTest {
    /** A job of 4 parts of 10 µs on the caller, then a wait of {@code waitMicros}. */
    private static void job(HelperBudget b, long waitMicros) {
        b.jobDone(4, 40_000, waitMicros * 1000);
    }

    private static void calmJobs(HelperBudget b, int count) {
        for (int i = 0; i < count; i++) {
            job(b, 5);
        }
    }

    @Test
    void everyWorkerIsOfferedJobsUntilACallerWaitsLong() {
        HelperBudget b = new HelperBudget(7);
        calmJobs(b, 1000);
        assertEquals(7, b.helpers(), "waits shorter than a part change nothing");
        job(b, 3_000);
        assertEquals(3, b.helpers());
        job(b, 3_000);
        job(b, 3_000);
        assertEquals(0, b.helpers(), "halved at each long wait");
        job(b, 3_000);
        assertEquals(0, b.helpers());
    }

    @Test
    void oneMoreWorkerIsTriedAfterCalmJobsAndTriesThatFailComeLessOften() {
        HelperBudget b = new HelperBudget(1);
        job(b, 3_000);
        assertEquals(0, b.helpers());
        calmJobs(b, HelperBudget.FIRST_TRY - 1);
        assertEquals(0, b.helpers());
        calmJobs(b, 1);
        assertEquals(1, b.helpers(), "tried again after " + HelperBudget.FIRST_TRY + " calm jobs");
        job(b, 3_000);
        calmJobs(b, 2 * HelperBudget.FIRST_TRY - 1);
        assertEquals(0, b.helpers(), "a failed try doubles the jobs before the next");
        calmJobs(b, 1);
        assertEquals(1, b.helpers());
        calmJobs(b, 2 * HelperBudget.FIRST_TRY);
        job(b, 3_000);
        calmJobs(b, HelperBudget.FIRST_TRY);
        assertEquals(1, b.helpers(), "a try that held halves them again");
    }

    @Test
    void triesThatFailAtOnceComeAtMostEveryLastTryJobs() {
        HelperBudget b = new HelperBudget(1);
        job(b, 3_000);
        int calm = 0;
        for (int i = 0; i < 20; i++) {
            calm = 0;
            while (b.helpers() == 0) {
                calmJobs(b, 1);
                calm++;
                assertTrue(calm <= HelperBudget.LAST_TRY, "try " + i + " after " + calm + " jobs");
            }
            job(b, 3_000);
        }
        assertEquals(HelperBudget.LAST_TRY, calm);
    }

    @Test
    void aJobTheCallerRanNoPartOfTeachesNothing() {
        HelperBudget b = new HelperBudget(3);
        b.jobDone(0, 0, 5_000_000);
        assertEquals(3, b.helpers());
    }
}
