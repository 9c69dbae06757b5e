package io.rnnc.runtime.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** Rows are each run exactly once, on two threads where the work is large, and failures reach the caller. */
class ParallelRowsTest {

    /** Marks each row it runs and notes the threads it ran on. */
    private static final class Marking implements Kernel {
        final int[] runs;
        final Set<String> threads = ConcurrentHashMap.newKeySet();

        Marking(int rows) {
            runs = new int[rows];
        }

        @Override
        public void run(Object bufs, int[] offs, int b0, int b1) {
            threads.add(Thread.currentThread().getName());
            for (int b = b0; b < b1; b++) {
                runs[b]++;
            }
        }
    }

    @Test
    void largeWorkRunsEveryRowOnceOnBothCores() {
        int rows = 101;
        Marking k = new Marking(rows);
        new ParallelRows().run(k, null, new int[0], rows, ParallelRows.MIN_PARALLEL_WORK);
        for (int b = 0; b < rows; b++) {
            assertEquals(1, k.runs[b], "row " + b);
        }
        if (Runtime.getRuntime().availableProcessors() > 1) {
            assertTrue(k.threads.contains("rnnc-rows"), k.threads.toString());
            assertTrue(k.threads.contains(Thread.currentThread().getName()), k.threads.toString());
        }
    }

    @Test
    void smallWorkStaysOnTheCallingThread() {
        Marking k = new Marking(8);
        new ParallelRows().run(k, null, new int[0], 8, 1);
        assertEquals(Set.of(Thread.currentThread().getName()), k.threads);
        for (int r : k.runs) {
            assertEquals(1, r);
        }
    }

    @Test
    void theHelpersFailureReachesTheCaller() {
        assumeTrue(Runtime.getRuntime().availableProcessors() > 1, "one core: no helper thread");
        Kernel failing = (bufs, offs, b0, b1) -> {
            if (b0 > 0) {
                throw new IllegalStateException("second half failed");
            }
        };
        ParallelRows p = new ParallelRows();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> p.run(failing, null, new int[0], 10, ParallelRows.MIN_PARALLEL_WORK));
        assertEquals("second half failed", e.getMessage());
        Marking k = new Marking(10);
        p.run(k, null, new int[0], 10, ParallelRows.MIN_PARALLEL_WORK);
        assertEquals(10, java.util.Arrays.stream(k.runs).sum(), "the helper is free again after a failure");
    }
}
