package io.rnnc.stdlib;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rnnc.compiler.CellProgram;
import io.rnnc.compiler.autodiff.GradientCheckSupport;
import io.rnnc.compiler.backend.InterpreterAgreement;
import io.rnnc.compiler.backend.jvm.CompiledCell;
import io.rnnc.compiler.backend.jvm.JvmLayer;
import io.rnnc.compiler.backend.opencl.OpenClAvailable;
import io.rnnc.compiler.backend.opencl.OpenClCell;
import io.rnnc.compiler.backend.opencl.OpenClLayer;
import io.rnnc.compiler.check.TypedCell;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every stdlib cell, whatever `rnnc list` lists: its derived gradients agree with finite
 * differences (float64, interpreter), and the JVM backend (float64 to 1e-9, float32 to 1e-4)
 * and the OpenCL backend (float32 to 1e-4) compute what the reference interpreter computes,
 * forward and backward, on a batch of sequences of different lengths.
 */
class LibraryNumbersTest {
    private static final int HIDDEN = 5;
    private static final int INPUT = 3;
    /** The batch and each sequence's length; the first is T. */
    private static final int[] LENGTHS = {5, 3, 1, 5};

    static List<String> cells() {
        return Stdlib.names();
    }

    @ParameterizedTest
    @MethodSource("cells")
    void gradientsAgreeWithFiniteDifferences(String name) {
        Map<String, Double> report = GradientCheckSupport.check(Stdlib.cell(name), 42);
        report.forEach((tensor, err) -> assertTrue(err < 1e-6, name + ": " + tensor + " relative error " + err));
    }

    @ParameterizedTest
    @MethodSource("cells")
    void theJvmBackendAgreesWithTheInterpreter(String name) throws Exception {
        TypedCell cell = Stdlib.cell(name);
        double f64 = InterpreterAgreement.worstError(cell, 1, HIDDEN, INPUT, LENGTHS, 1e-3, jvm(true));
        assertTrue(f64 < 1e-9, name + " float64 error " + f64);
        double f32 = InterpreterAgreement.worstError(cell, 1, HIDDEN, INPUT, LENGTHS, 1e-2, jvm(false));
        assertTrue(f32 < 1e-4, name + " float32 error " + f32);
    }

    @ParameterizedTest
    @MethodSource("cells")
    void theOpenClBackendAgreesWithTheInterpreter(String name) throws Exception {
        var device = OpenClAvailable.device();
        double err = InterpreterAgreement.worstError(Stdlib.cell(name), 1, HIDDEN, INPUT, LENGTHS, 1e-2,
                (program, sizes, params) -> new OpenClLayer(OpenClCell.compile(program.grouped(), sizes), params, device));
        assertTrue(err < 1e-4, name + " error " + err);
    }

    private static InterpreterAgreement.LayerMaker jvm(boolean f64) {
        return (program, sizes, params) -> new JvmLayer(CompiledCell.compile(CellProgram.grouped(program.cell()), sizes, f64),
                params);
    }
}
