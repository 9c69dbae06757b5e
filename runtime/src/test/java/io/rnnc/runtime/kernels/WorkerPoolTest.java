package io.rnnc.runtime.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/** Every part of a job runs once, on the workers too; callers at once, failures and idle workers are handled. */
class WorkerPoolTest {
    private static double sink;

    private static void busyWork() {
        double s = 0;
        for (int i = 0; i < 20_000; i++) {
            s += Math.sqrt(i);
        }
        sink += s;
    }

    @Test
    void everyPartRunsOnceOnTheCallerAndTheWorkers() {
        WorkerPool pool = new WorkerPool(4);
        Set<String> threads = ConcurrentHashMap.newKeySet();
        for (int round = 0; round < 200 && (threads.size() < 2 || !threads.contains(Thread.currentThread().getName())); round++) {
            AtomicIntegerArray runs = new AtomicIntegerArray(37);
            pool.forEach(37, i -> {
                threads.add(Thread.currentThread().getName());
                runs.incrementAndGet(i);
                busyWork();
            });
            for (int i = 0; i < 37; i++) {
                assertEquals(1, runs.get(i), "part " + i);
            }
        }
        assertTrue(threads.contains(Thread.currentThread().getName()), threads.toString());
        assertTrue(threads.stream().anyMatch(t -> t.startsWith("rnnc-worker-")), threads.toString());
    }

    @Test
    void onOneThreadEveryPartRunsOnTheCaller() {
        Set<String> threads = ConcurrentHashMap.newKeySet();
        new WorkerPool(1).forEach(10, i -> threads.add(Thread.currentThread().getName()));
        assertEquals(Set.of(Thread.currentThread().getName()), threads);
        assertThrows(IllegalArgumentException.class, () -> new WorkerPool(0));
    }

    @Test
    void callersAtOnceEachGetEveryPartRunOnce() throws InterruptedException {
        WorkerPool pool = new WorkerPool(3);
        int callers = 4;
        int rounds = 300;
        AtomicIntegerArray runs = new AtomicIntegerArray(callers * 16);
        Thread[] threads = new Thread[callers];
        for (int c = 0; c < callers; c++) {
            int caller = c;
            threads[c] = new Thread(() -> {
                for (int r = 0; r < rounds; r++) {
                    pool.forEach(16, i -> runs.incrementAndGet(caller * 16 + i));
                }
            });
            threads[c].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        for (int i = 0; i < runs.length(); i++) {
            assertEquals(rounds, runs.get(i), "part " + i);
        }
    }

    @Test
    void aFailingPartFailsTheCallerOnceAllPartsHaveRun() {
        WorkerPool pool = new WorkerPool(3);
        AtomicIntegerArray runs = new AtomicIntegerArray(20);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> pool.forEach(20, i -> {
            runs.incrementAndGet(i);
            if (i == 5) {
                throw new IllegalStateException("part 5");
            }
        }));
        assertEquals("part 5", e.getMessage());
        for (int i = 0; i < 20; i++) {
            assertEquals(1, runs.get(i), "part " + i);
        }
        AtomicIntegerArray again = new AtomicIntegerArray(20);
        pool.forEach(20, again::incrementAndGet);
        assertEquals(20, java.util.stream.IntStream.range(0, 20).map(again::get).sum(), "the pool works again");
    }

    @Test
    void idleWorkersEndAndTheNextJobStartsThemAgain() throws InterruptedException {
        WorkerPool pool = new WorkerPool(3, 3, 20_000_000L);
        pool.forEach(3, i -> busyWork());
        assertTrue(pool.liveWorkers() > 0, "the first job started the workers");
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (pool.liveWorkers() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(0, pool.liveWorkers(), "idle workers ended");
        Set<String> threads = ConcurrentHashMap.newKeySet();
        for (int round = 0; round < 200 && threads.size() < 2; round++) {
            pool.forEach(8, i -> {
                threads.add(Thread.currentThread().getName());
                busyWork();
            });
        }
        assertTrue(threads.stream().anyMatch(t -> t.startsWith("rnnc-worker-")), "workers run again: " + threads);
    }

    @Test
    void moreThreadsThanProcessorsRunAsManyAtOnceAsThereAreProcessors() {
        WorkerPool pool = new WorkerPool(8, 2, 2_000_000_000L);
        assertEquals(8, pool.threads());
        assertEquals(2, pool.parallelism());
        Set<String> threads = ConcurrentHashMap.newKeySet();
        for (int round = 0; round < 50; round++) {
            AtomicIntegerArray runs = new AtomicIntegerArray(37);
            pool.forEach(37, i -> {
                threads.add(Thread.currentThread().getName());
                runs.incrementAndGet(i);
                busyWork();
            });
            for (int i = 0; i < 37; i++) {
                assertEquals(1, runs.get(i), "part " + i);
            }
            assertTrue(pool.liveWorkers() <= 1, "live workers: " + pool.liveWorkers());
        }
        assertTrue(threads.size() <= 2, threads.toString());
    }

    @Test
    void aWorkerThatHeldUpTheCallerIsOfferedNoJobsForAWhile() throws InterruptedException {
        WorkerPool pool = new WorkerPool(2, 2, 2_000_000_000L);
        String caller = Thread.currentThread().getName();
        Set<String> slow = ConcurrentHashMap.newKeySet();
        // A worker's part lasts far longer than the caller's, as when the worker waits for a core.
        for (int round = 0; round < 200 && slow.isEmpty(); round++) {
            pool.forEach(2, i -> {
                if (Thread.currentThread().getName().equals(caller)) {
                    // Long enough for a worker to take the other part.
                    long end = System.nanoTime() + 1_000_000;
                    while (slow.isEmpty() && System.nanoTime() < end) {
                        Thread.onSpinWait();
                    }
                } else {
                    slow.add(Thread.currentThread().getName());
                    sleep(100);
                }
            });
        }
        assertEquals(1, slow.size(), "a worker ran a part");
        Set<String> threads = ConcurrentHashMap.newKeySet();
        for (int round = 0; round < HelperBudget.FIRST_TRY; round++) {
            pool.forEach(4, i -> {
                threads.add(Thread.currentThread().getName());
                busyWork();
            });
        }
        assertEquals(Set.of(caller), threads, "the caller ran every part of the next jobs");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
