package io.rnnc.cli;

import io.rnnc.compiler.backend.Backend;

/** Parsing of option values shared by several commands, with errors in words. */
final class Options {
    private Options() {
    }

    static boolean float64(String precision) {
        return switch (precision) {
            case "f64" -> true;
            case "f32" -> false;
            default -> throw new UserError("--precision must be f32 or f64, not `" + precision + "`");
        };
    }

    static Backend backend(String name) {
        try {
            return Backend.named(name);
        } catch (IllegalArgumentException e) {
            throw new UserError("--backend must be interp, jvm or opencl, not `" + name + "`");
        }
    }
}
