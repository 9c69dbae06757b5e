package io.rnnc.cli;

import io.rnnc.runtime.kernels.WorkerPool;
import picocli.CommandLine.Option;

/**
 * `--threads N`, the threads a command computes on, shared by the commands that run a model
 * (a picocli mixin). The results are the same, bit for bit, whatever N is.
 */
public final class ThreadsOption {
    @Option(names = "--threads", paramLabel = "N",
            description = "Threads to compute on (default: the available processors); the results do not depend on it.")
    Integer threads;

    /** The threads asked for, or the available processors. */
    int count() {
        if (threads == null) {
            return WorkerPool.availableProcessors();
        }
        if (threads < 1) {
            throw new UsageError("--threads must be at least 1, not " + threads);
        }
        return threads;
    }

    /** A pool of {@link #count()} threads. */
    WorkerPool pool() {
        return new WorkerPool(count());
    }
}
