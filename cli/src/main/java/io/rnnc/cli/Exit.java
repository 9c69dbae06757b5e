package io.rnnc.cli;

import io.rnnc.compiler.backend.BackendUnavailableException;
import io.rnnc.runtime.RnncException;
import io.rnnc.runtime.tensor.HeapLimit;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The exit statuses of every `rnnc` command, the same for all of them; each command's
 * `--help` lists them and the README documents them.
 */
final class Exit {
    /** The command did what was asked. */
    static final int OK = 0;
    /** A check ran and failed: `check` found errors in a cell, `gradcheck` exceeded its tolerance. */
    static final int CHECK_FAILED = 1;
    /** The command line is wrong: an unknown option, a missing or malformed value, options that contradict. */
    static final int USAGE = 2;
    /** An input is wrong: a cell that does not check, a data file, a checkpoint or a tensor file. */
    static final int BAD_INPUT = 3;
    /** The machine cannot do it: the OpenCL device asked for, or writing a file, failed. */
    static final int UNAVAILABLE = 4;
    /** A bug in rnnc (EX_SOFTWARE). */
    static final int INTERNAL = 70;
    /** Stopped by Ctrl-C or SIGTERM after saving the last finished step (128 + SIGINT). */
    static final int INTERRUPTED = 130;

    /** The status a library error ends a command with: 4 where the machine cannot run it (backend, memory), else 3. */
    static int of(RnncException e) {
        return e instanceof BackendUnavailableException || e instanceof HeapLimit.Exceeded ? UNAVAILABLE : BAD_INPUT;
    }

    /** What each status means, in order, as each `--help` lists them. */
    static Map<String, String> descriptions() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("0", "success");
        m.put("1", "a check failed (check: a cell has errors; gradcheck: above tolerance)");
        m.put("2", "a usage error (unknown option, missing or bad option value)");
        m.put("3", "bad input (a cell with errors, a data file, a checkpoint, a tensor file)");
        m.put("4", "unavailable (the OpenCL device asked for, a file that cannot be written)");
        m.put("70", "a bug in rnnc (RNNC_DEBUG=1 prints its stack trace)");
        m.put("130", "interrupted (train saves its last finished step first)");
        return m;
    }

    private Exit() {
    }
}
