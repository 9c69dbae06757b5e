package io.rnnc.cli;

import io.rnnc.compiler.backend.Backend;
import io.rnnc.compiler.model.ModelSpec;
import picocli.CommandLine.Option;

/**
 * `--backend` and `--precision` for the commands that run a saved model (`eval`, `sample`,
 * `predict`): by default the checkpoint's own; given, they choose another, and the precision
 * follows the backend (float32 on OpenCL, float64 on the interpreter) unless it is given too.
 */
final class CheckpointBackend {
    @Option(names = "--backend", paramLabel = "interp|jvm|opencl",
            description = "Where the model runs (default: the backend it was trained on).")
    String backend;

    @Option(names = "--precision", paramLabel = "f32|f64",
            description = "f32 or f64 (default: the checkpoint's; f32 on opencl, f64 on interp).")
    String precision;

    /** The saved model's spec on the backend and precision asked for. */
    ModelSpec applyTo(ModelSpec saved) {
        Backend where = backend == null ? saved.backend() : Options.backend(backend);
        boolean float64 = precision != null ? Options.float64(precision)
                : backend == null ? saved.float64()
                : where == Backend.OPENCL ? false : where == Backend.INTERP || saved.float64();
        return saved.on(where, float64);
    }
}
