package io.rnnc.compiler.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rnnc.compiler.CellProgram;
import io.rnnc.compiler.TestCells;
import io.rnnc.compiler.autodiff.GradientCheckSupport;
import io.rnnc.compiler.backend.jvm.CompiledCell;
import io.rnnc.compiler.backend.jvm.JvmLayer;
import io.rnnc.compiler.backend.opencl.OpenClAvailable;
import io.rnnc.compiler.backend.opencl.OpenClCell;
import io.rnnc.compiler.backend.opencl.OpenClLayer;
import io.rnnc.compiler.check.TypedCell;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * States the compiled backends must not take for granted, through every backend: a state of
 * a size parameter (a projection, P = 4 here) and one of the input size (a delay line, X = 3)
 * beside one of H (5), and states whose equation computes nothing (a copy of the input, of
 * another state's last value, of another state). Gradients agree with finite differences;
 * the JVM and OpenCL backends with the interpreter.
 */
class UnusualStatesTest {
    private static final String PROJECTION = """
            cell Projection {
              f_t = σ(W_f x_t + U_f h_{t-1} + b_f)
              c_t = f_t ⊙ c_{t-1} + (1 - f_t) ⊙ tanh(W_c x_t + U_c h_{t-1})
              h_t = W_hr (f_t ⊙ tanh(c_t))
              param W_hr : [P, H]
            }
            """;
    private static final String DELAY = """
            cell Delay {
              p_t = x_t
              h_t = tanh(W x_t + V p_{t-1} + U h_{t-1} + b)
              param V : [H, X]
            }
            """;
    /** A second-order recurrence: q is h two steps back, and k a second copy of the input. */
    private static final String COPIES = """
            cell Copies {
              q_t = h_{t-1}
              k_t = x_t
              h_t = tanh(W x_t + U h_{t-1} + V q_{t-1} + b) ⊙ σ(k_{t-1})
              input x
            }
            """;
    private static final int[] LENGTHS = {5, 3, 1, 5};

    private static TypedCell cell(String which) {
        TypedCell cell = TestCells.check(switch (which) {
            case "projection" -> PROJECTION;
            case "delay" -> DELAY;
            default -> COPIES;
        });
        Map<String, String> sizes = switch (which) {
            case "projection" -> Map.of("c", "H", "h", "P");
            case "delay" -> Map.of("p", "X", "h", "H");
            default -> Map.of("q", "H", "k", "H", "h", "H");
        };
        cell.states().forEach(s -> assertEquals(sizes.get(s.name()), s.size().toString(), s.name()));
        return cell;
    }

    @ParameterizedTest
    @ValueSource(strings = {"projection", "delay", "copies"})
    void gradientsAgreeWithFiniteDifferences(String which) {
        GradientCheckSupport.check(cell(which), 7).forEach((tensor, err) -> assertTrue(err < 1e-6, tensor + " " + err));
    }

    @ParameterizedTest
    @ValueSource(strings = {"projection", "delay", "copies"})
    void theJvmAndOpenClBackendsAgreeWithTheInterpreter(String which) throws Exception {
        TypedCell cell = cell(which);
        for (boolean f64 : new boolean[] {true, false}) {
            double err = InterpreterAgreement.worstError(cell, 3, 5, 3, LENGTHS, f64 ? 1e-3 : 1e-2, (program, sizes, params) ->
                    new JvmLayer(CompiledCell.compile(CellProgram.grouped(cell), sizes, f64), params));
            assertTrue(err < (f64 ? 1e-9 : 1e-4), (f64 ? "float64 " : "float32 ") + err);
        }
        var device = OpenClAvailable.device();
        double err = InterpreterAgreement.worstError(cell, 3, 5, 3, LENGTHS, 1e-2, (program, sizes, params) ->
                new OpenClLayer(OpenClCell.compile(program.grouped(), sizes), params, device));
        assertTrue(err < 1e-4, "OpenCL " + err);
    }
}
