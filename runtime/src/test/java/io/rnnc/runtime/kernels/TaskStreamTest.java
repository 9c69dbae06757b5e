package io.rnnc.runtime.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/** Every task runs once, none before it is published, on both cores where one is free; failures reach the caller. */
class TaskStreamTest {
    private final ParallelRows rows = new ParallelRows();

    /** Counts each task's runs and checks that it was published when it ran. */
    private static final class Counting implements TaskStream.Task {
        final AtomicIntegerArray runs;
        final Set<String> threads = ConcurrentHashMap.newKeySet();
        volatile int published;
        volatile boolean early;

        Counting(int count) {
            runs = new AtomicIntegerArray(count);
        }

        @Override
        public void run(int index) {
            if (index >= published) {
                early = true;
            }
            threads.add(Thread.currentThread().getName());
            runs.incrementAndGet(index);
            busyWork();
        }
    }

    private static double sink;

    /** A few microseconds of arithmetic, so that both threads get to claim tasks. */
    private static void busyWork() {
        double s = 0;
        for (int i = 0; i < 20_000; i++) {
            s += Math.sqrt(i);
        }
        sink += s;
    }

    private static void publish(TaskStream stream, Counting task, int upTo) {
        task.published = upTo;
        stream.publish(upTo);
    }

    @Test
    void everyTaskRunsOnceAndNoneBeforeItIsPublished() {
        int count = 200;
        Counting task = new Counting(count);
        TaskStream stream = new TaskStream(rows);
        stream.start(count, task);
        for (int upTo = 10; upTo <= count; upTo += 10) {
            publish(stream, task, upTo);
            stream.awaitDone(upTo - 1);
            assertEquals(1, task.runs.get(upTo - 1), "task " + (upTo - 1) + " has run once awaitDone returns");
            busyWork();
        }
        stream.finish();
        for (int i = 0; i < count; i++) {
            assertEquals(1, task.runs.get(i), "task " + i);
        }
        assertFalse(task.early, "a task ran before it was published");
    }

    @Test
    void theHelperTakesTasksWhileTheCallerWorks() {
        assumeTrue(Runtime.getRuntime().availableProcessors() > 1, "needs a second core");
        int count = 50;
        Counting task = new Counting(count);
        TaskStream stream = new TaskStream(rows);
        stream.start(count, task);
        assertTrue(stream.helperBusy());
        publish(stream, task, count);
        while (task.threads.size() < 2 && task.runs.get(count - 1) == 0) {
            busyWork();
        }
        stream.finish();
        assertTrue(task.threads.contains("rnnc-rows"), "the helper ran tasks: " + task.threads);
        assertFalse(stream.helperBusy(), "the helper is free after finish");
    }

    @Test
    void withoutAFreeHelperTheCallerRunsEveryTask() {
        AtomicBoolean release = new AtomicBoolean();
        boolean held = rows.startBeside(() -> {
            while (!release.get()) {
                Thread.onSpinWait();
            }
        });
        try {
            int count = 20;
            Counting task = new Counting(count);
            TaskStream stream = new TaskStream(rows);
            stream.start(count, task);
            assertFalse(stream.helperBusy());
            publish(stream, task, count);
            stream.finish();
            assertEquals(Set.of(Thread.currentThread().getName()), task.threads);
            for (int i = 0; i < count; i++) {
                assertEquals(1, task.runs.get(i), "task " + i);
            }
        } finally {
            release.set(true);
            if (held) {
                rows.joinBeside();
            }
        }
    }

    @Test
    void aFailingTaskFailsTheCallerAndFreesTheHelper() {
        IllegalStateException boom = new IllegalStateException("boom");
        TaskStream stream = new TaskStream(rows);
        stream.start(30, i -> {
            busyWork();
            if (i == 7) {
                throw boom;
            }
        });
        stream.publish(30);
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> {
            stream.awaitDone(29);
            stream.finish();
        });
        assertSame(boom, thrown);
        if (stream.helperBusy()) {
            assertThrows(IllegalStateException.class, stream::finish);
        }
        assertFalse(stream.helperBusy(), "the helper is free after a failure");
        Counting next = new Counting(5);
        stream.start(5, next);
        publish(stream, next, 5);
        stream.finish();
        assertEquals(1, next.runs.get(4), "the stream works again");
    }
}
