package io.rnnc.cli;

import io.rnnc.compiler.CellProgram;
import io.rnnc.compiler.backend.Backend;
import io.rnnc.compiler.backend.BackendUnavailableException;
import io.rnnc.compiler.model.InputSizeMismatch;
import io.rnnc.compiler.model.ModelSpec;
import io.rnnc.runtime.engine.RecurrentLayer;
import io.rnnc.runtime.kernels.WorkerPool;
import io.rnnc.runtime.tensor.Tensor;
import java.io.PrintWriter;
import java.util.Map;

/**
 * Layers for the commands. Where OpenCL is asked for without a device number and cannot run
 * (no platform, or the kernels do not build), the command says so in one line and goes on
 * with the JVM backend; with {@code --device N} it stops instead, since that device was asked for.
 */
final class Layers {
    private final Backend kind;
    private final int device;
    private final PrintWriter err;
    private final WorkerPool pool;
    private boolean noticeShown;
    private Backend used;

    /**
     * @param device the OpenCL device number, or negative for the default device
     * @param err where the fallback notice goes
     * @param pool the threads the JVM backend computes on
     */
    Layers(Backend kind, int device, PrintWriter err, WorkerPool pool) {
        this.kind = kind;
        this.device = device;
        this.err = err;
        this.pool = pool;
        this.used = kind;
    }

    /** The backend the layers were made for: the one asked for, or the JVM where OpenCL could not run. */
    Backend used() {
        return used;
    }

    /** One layer of {@code program}; a user error when the backend cannot run as asked. */
    RecurrentLayer layer(CellProgram program, Map<String, Integer> sizes, Map<String, Tensor> params, boolean float64) {
        if (kind == Backend.INTERP && !float64) {
            throw new UsageError("the reference interpreter computes in float64; use --precision f64");
        }
        if (kind != Backend.OPENCL) {
            return kind.layer(program, sizes, params, float64, pool);
        }
        if (float64) {
            throw new UsageError("the opencl backend computes in float32; use --precision f32");
        }
        try {
            return Backend.openCl(program, sizes, params, false, device);
        } catch (BackendUnavailableException e) {
            if (device >= 0) {
                throw e;
            }
            if (!noticeShown) {
                fallingBack(e, err);
                noticeShown = true;
            }
            used = Backend.JVM;
            return Backend.JVM.layer(program, sizes, params, false, pool);
        }
    }

    /** How a model is built for a spec. */
    interface Builder<T> {
        T build(ModelSpec spec);
    }

    /** A model and the spec it was built for, which names the backend that runs it. */
    record Built<T>(T model, ModelSpec spec) {
    }

    /**
     * A model built for {@code spec}; where OpenCL cannot run here, a one-line notice and the
     * JVM backend, as for single layers, and the spec then says so.
     */
    static <T> Built<T> built(ModelSpec spec, PrintWriter err, Builder<T> builder) {
        if (spec.backend() == Backend.OPENCL && spec.float64()) {
            throw new UsageError("the opencl backend computes in float32; use --precision f32");
        }
        if (spec.backend() == Backend.INTERP && !spec.float64()) {
            throw new UsageError("the reference interpreter computes in float64; use --precision f64");
        }
        try {
            return new Built<>(builder.build(spec), spec);
        } catch (InputSizeMismatch e) {
            throw new UserError(InputSizes.explain(e));
        } catch (IllegalArgumentException e) {
            // The model cannot be built as asked, such as recurrent dropout on a cell whose products read no state.
            throw new UserError(e.getMessage());
        } catch (BackendUnavailableException e) {
            if (spec.backend() != Backend.OPENCL) {
                throw e;
            }
            fallingBack(e, err);
            return built(spec.on(Backend.JVM, false), err, builder);
        }
    }

    /** Says that OpenCL cannot run here, and why. */
    private static void fallingBack(BackendUnavailableException e, PrintWriter err) {
        err.println("rnnc: " + e.problem() + "; running on the jvm backend instead");
        err.flush();
    }
}
