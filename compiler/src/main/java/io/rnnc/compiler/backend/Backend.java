package io.rnnc.compiler.backend;

import io.rnnc.compiler.CellProgram;
import io.rnnc.compiler.backend.interp.ReferenceInterpreter;
import io.rnnc.compiler.backend.jvm.CompiledCell;
import io.rnnc.compiler.backend.jvm.JvmLayer;
import io.rnnc.compiler.backend.opencl.OpenClCell;
import io.rnnc.compiler.backend.opencl.OpenClDevices;
import io.rnnc.compiler.backend.opencl.OpenClLayer;
import com.aparapi.device.OpenCLDevice;
import io.rnnc.runtime.Remedy;
import io.rnnc.runtime.engine.RecurrentLayer;
import io.rnnc.runtime.kernels.WorkerPool;
import io.rnnc.runtime.tensor.Tensor;
import java.util.Map;

/** The backends a compiled cell can run on; all share the {@link RecurrentLayer} contract. */
public enum Backend {
    /** The float64 reference interpreter. */
    INTERP,
    /** Generated JVM bytecode with BLAS matrix products. */
    JVM,
    /** Generated OpenCL kernels through Aparapi. */
    OPENCL;

    /**
     * One layer of {@code program} on this backend.
     *
     * @param sizes values of H, X and the size parameters
     * @param params the parameters, by the cell's names
     * @param float64 true for float64 arithmetic, false for float32
     * @param pool the threads the JVM backend computes on (the others ignore it)
     */
    public RecurrentLayer layer(CellProgram program, Map<String, Integer> sizes, Map<String, Tensor> params,
                                boolean float64, WorkerPool pool) {
        return switch (this) {
            case INTERP -> {
                if (!float64) {
                    throw new BackendUnavailableException("the reference interpreter computes in float64",
                            Remedy.FLOAT64);
                }
                yield new ReferenceInterpreter(program.backward(), sizes, params);
            }
            case JVM -> new JvmLayer(CompiledCell.compile(program.grouped(), sizes, float64), params, pool);
            case OPENCL -> openCl(program, sizes, params, float64, -1);
        };
    }

    /**
     * One layer of {@code program} on the OpenCL device numbered {@code device} (negative: the
     * first GPU, else the first device), in float32.
     *
     * @throws BackendUnavailableException when there is no OpenCL platform, no such device, or the kernels do
     *     not build there
     */
    public static RecurrentLayer openCl(CellProgram program, Map<String, Integer> sizes, Map<String, Tensor> params,
                                        boolean float64, int device) {
        if (float64) {
            throw new BackendUnavailableException("the opencl backend computes in float32", Remedy.FLOAT32);
        }
        OpenCLDevice chosen = OpenClDevices.choose(device);
        return new OpenClLayer(OpenClCell.compile(program.grouped(), sizes), params, chosen);
    }

    /** The backend named on a command line (`interp`, `jvm`, `opencl`). */
    public static Backend named(String name) {
        return valueOf(name.toUpperCase(java.util.Locale.ROOT));
    }
}
