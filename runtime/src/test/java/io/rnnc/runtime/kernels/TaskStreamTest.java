package io.rnnc.runtime.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/** Every task runs once, none before it is published, on the pool's workers too; failures reach the caller. */
class TaskStreamTest {
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

    /** A few microseconds of arithmetic, so that several threads get to claim tasks. */
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
        TaskStream stream = new TaskStream(new WorkerPool(4));
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
    void workersTakeTasksWhileTheCallerWorks() {
        int count = 50;
        Counting task = new Counting(count);
        TaskStream stream = new TaskStream(new WorkerPool(3));
        stream.start(count, task);
        publish(stream, task, count);
        while (task.threads.size() < 2 && task.runs.get(count - 1) == 0) {
            busyWork();
        }
        stream.finish();
        assertTrue(task.threads.stream().anyMatch(t -> t.startsWith("rnnc-worker-")), "a worker ran tasks: " + task.threads);
        for (int i = 0; i < count; i++) {
            assertEquals(1, task.runs.get(i), "task " + i);
        }
    }

    @Test
    void onOneThreadTheCallerRunsEveryTaskInOrder() {
        int count = 20;
        StringBuilder order = new StringBuilder();
        TaskStream stream = new TaskStream(new WorkerPool(1));
        stream.start(count, i -> order.append(i).append(' '));
        stream.publish(count);
        stream.finish();
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < count; i++) {
            expected.append(i).append(' ');
        }
        assertEquals(expected.toString(), order.toString());
    }

    @Test
    void aSecondStreamOnABusyPoolRunsOnItsCaller() {
        WorkerPool pool = new WorkerPool(2);
        TaskStream first = new TaskStream(pool);
        first.start(1, i -> { });
        try {
            Counting task = new Counting(20);
            TaskStream second = new TaskStream(pool);
            second.start(20, task);
            publish(second, task, 20);
            second.finish();
            assertEquals(Set.of(Thread.currentThread().getName()), task.threads);
        } finally {
            first.finish();
        }
    }

    @Test
    void aFailingTaskFailsTheCallerAndTheStreamWorksAgain() {
        IllegalStateException boom = new IllegalStateException("boom");
        TaskStream stream = new TaskStream(new WorkerPool(3));
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
        assertThrows(IllegalStateException.class, stream::finish, "finishing again reports the failure again");
        Counting next = new Counting(5);
        stream.start(5, next);
        publish(stream, next, 5);
        stream.finish();
        for (int i = 0; i < 5; i++) {
            assertEquals(1, next.runs.get(i), "the stream works again: task " + i);
        }
    }
}
