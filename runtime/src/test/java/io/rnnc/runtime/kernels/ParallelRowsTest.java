package io.rnnc.runtime.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** Rows are each run exactly once, in as many parts as the work and the threads allow, and failures reach the caller. */
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
    void largeWorkRunsEveryRowOnce() {
        for (int threads : new int[] {1, 2, 3, 8}) {
            int rows = 101;
            Marking k = new Marking(rows);
            new ParallelRows(WorkerPool.allAtOnce(threads)).run(k, null, new int[0], rows, ParallelRows.MIN_PART_WORK);
            for (int b = 0; b < rows; b++) {
                assertEquals(1, k.runs[b], "row " + b + " on " + threads + " threads");
            }
        }
    }

    @Test
    void smallWorkStaysOnTheCallingThread() {
        Marking k = new Marking(8);
        new ParallelRows(new WorkerPool(4)).run(k, null, new int[0], 8, 1);
        assertEquals(Set.of(Thread.currentThread().getName()), k.threads);
        for (int r : k.runs) {
            assertEquals(1, r);
        }
    }

    @Test
    void partsFollowTheWorkUpToTheThreadsAndRows() {
        long perRow = ParallelRows.MIN_PART_WORK / 4;
        assertEquals(1, ParallelRows.parts(7, perRow, 16), "under two parts' work");
        assertEquals(2, ParallelRows.parts(8, perRow, 16));
        assertEquals(16, ParallelRows.parts(1000, perRow, 16), "no more parts than threads");
        assertEquals(3, ParallelRows.parts(3, ParallelRows.MIN_PART_WORK * 10, 16), "no more parts than rows");
        assertEquals(1, ParallelRows.parts(1000, perRow, 1));
    }

    @Test
    void aPartsFailureReachesTheCaller() {
        Kernel failing = (bufs, offs, b0, b1) -> {
            if (b0 > 0) {
                throw new IllegalStateException("second part failed");
            }
        };
        ParallelRows p = new ParallelRows(new WorkerPool(2));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> p.run(failing, null, new int[0], 10, ParallelRows.MIN_PART_WORK));
        assertEquals("second part failed", e.getMessage());
        Marking k = new Marking(10);
        p.run(k, null, new int[0], 10, ParallelRows.MIN_PART_WORK);
        assertTrue(java.util.Arrays.stream(k.runs).allMatch(r -> r == 1), "the pool works again after a failure");
    }
}
