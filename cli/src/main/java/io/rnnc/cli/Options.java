package io.rnnc.cli;

import io.rnnc.compiler.backend.Backend;
import io.rnnc.runtime.optim.LearningRate;
import io.rnnc.runtime.optim.LearningRates;
import io.rnnc.runtime.optim.Optimizer;
import io.rnnc.runtime.optim.Optimizers;

/** Parsing of option values shared by several commands, with errors in words. */
public final class Options {
    private Options() {
    }

    static boolean float64(String precision) {
        return switch (precision) {
            case "f64" -> true;
            case "f32" -> false;
            default -> throw new UsageError("--precision must be f32 or f64, not `" + precision + "`");
        };
    }

    static Backend backend(String name) {
        try {
            return Backend.named(name);
        } catch (IllegalArgumentException e) {
            throw new UsageError("--backend must be interp, jvm or opencl, not `" + name + "`");
        }
    }

    /** The optimizer {@code name} names; a usage error naming the option where there is none. */
    public static Optimizer optimizer(String name, double weightDecay, double momentum) {
        try {
            return Optimizers.named(name, weightDecay, momentum);
        } catch (IllegalArgumentException e) {
            throw new UsageError("--optimizer: " + e.getMessage());
        }
    }

    /** The learning-rate schedule {@code spec} names; a usage error naming the option where it is wrong. */
    public static LearningRate schedule(String spec, double lr, long totalSteps) {
        try {
            return LearningRates.parse(spec, lr, totalSteps);
        } catch (IllegalArgumentException e) {
            throw new UsageError("--schedule: " + e.getMessage());
        }
    }
}
