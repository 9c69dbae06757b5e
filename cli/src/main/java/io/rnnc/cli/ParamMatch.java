package io.rnnc.cli;

import io.rnnc.compiler.backend.Backend;
import io.rnnc.compiler.check.TypedCell;
import io.rnnc.compiler.model.ModelSpec;
import io.rnnc.runtime.kernels.WorkerPool;
import io.rnnc.runtime.train.Learner;
import java.io.PrintWriter;
import java.io.Writer;

/**
 * The hidden size at which a cell's model has a given number of parameters, so that
 * `compare --match-params N` compares cells of different shapes at equal size. Every parameter
 * is a vector or a matrix whose sides are sums of sizes, so a model's parameter count is a
 * quadratic in H with everything else fixed: it is counted at three small sizes (on the
 * reference interpreter, which compiles nothing), checked at a fourth, and solved for N.
 */
final class ParamMatch {
    private static final int[] PROBES = {2, 3, 4, 5};

    private ParamMatch() {
    }

    /** The H ≥ 1 whose model's parameter count is closest to {@code target} (the smaller H on a tie). */
    static int hidden(TypedCell cell, Task task, RunOptions o, long target) {
        long[] n = new long[PROBES.length];
        for (int i = 0; i < PROBES.length; i++) {
            n[i] = count(cell, task, o, PROBES[i]);
        }
        // Second differences of a quadratic are constant; h = 2, 3, 4 give a, b, c.
        double a = (n[2] - 2 * n[1] + n[0]) / 2.0;
        double b = n[1] - n[0] - a * (PROBES[1] + PROBES[0]);
        double c = n[0] - a * PROBES[0] * PROBES[0] - b * PROBES[0];
        if (Math.abs(a * 25 + b * 5 + c - n[3]) > 0.5) {
            throw new IllegalStateException("the parameter count of " + cell.name() + " is not quadratic in H");
        }
        double root = a == 0 ? (target - c) / b : (-b + Math.sqrt(Math.max(0, b * b - 4 * a * (c - target)))) / (2 * a);
        int best = 1;
        for (int h = Math.max(1, (int) Math.floor(root) - 1); h <= Math.max(1, (int) Math.ceil(root) + 1); h++) {
            if (Math.abs(a * h * h + b * h + c - target) < Math.abs(a * best * best + b * best + c - target)) {
                best = h;
            }
        }
        return best;
    }

    /** The parameter count of the model of {@code cell} on {@code task} at hidden size {@code h}. */
    static long count(TypedCell cell, Task task, RunOptions o, int h) {
        PrintWriter silent = new PrintWriter(Writer.nullWriter());
        ModelSpec spec = o.modelSpec(task, cell, h, silent).on(Backend.INTERP, true);
        // Nothing is computed: a pool of one thread, which starts no worker.
        Learner model = Layers.built(spec, silent, s -> task.learner(cell, s, 0, new WorkerPool(1))).model();
        return model.parameters().values().stream().mapToLong(t -> t.size()).sum();
    }
}
