package io.rnnc.compiler.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rnnc.compiler.CellProgram;
import io.rnnc.compiler.TestCells;
import io.rnnc.compiler.check.TypedCell;
import io.rnnc.runtime.engine.GradientCheck;
import io.rnnc.runtime.engine.RecurrentLayer;
import io.rnnc.runtime.tensor.RandomArrays;
import io.rnnc.runtime.tensor.Tensor;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Variational dropout on the recurrent state: masks multiply a state where matrix products
 * read it, the same at every step. The JVM backend agrees with the interpreter under masks,
 * gradients agree with finite differences, masks of ones change nothing, and only the states
 * read by products are masked (an LSTM's cell state c is carried elementwise and is not).
 */
class StateMaskTest {
    private static final io.rnnc.runtime.kernels.WorkerPool POOL = new io.rnnc.runtime.kernels.WorkerPool(2);

    private static final String LSTM = """
            i_t = σ(W_i·[h_{t-1}, x_t] + b_i)
            f_t = σ(W_f·[h_{t-1}, x_t] + b_f)
            o_t = σ(W_o·[h_{t-1}, x_t] + b_o)
            c_t = f_t * c_{t-1} + i_t * tanh(W_c·[h_{t-1}, x_t] + b_c)
            h_t = o_t * tanh(c_t)
            """;
    private static final String GRU = """
            z_t = σ(W_z x_t + U_z h_{t-1} + b_z)
            r_t = σ(W_r x_t + U_r h_{t-1} + b_r)
            n_t = tanh(W_n x_t + r_t * (U_n h_{t-1}) + b_n)
            h_t = (1 - z_t) * n_t + z_t * h_{t-1}
            """;
    private static final int B = 3;
    private static final int T = 4;

    private static TypedCell cell(String text) {
        return TestCells.check("cell.rnn", text);
    }

    private static Map<String, double[][]> masks(Set<String> states, int h, Random r) {
        Map<String, double[][]> m = new HashMap<>();
        for (String s : states) {
            double[][] v = new double[B][h];
            for (double[] row : v) {
                for (int i = 0; i < h; i++) {
                    row[i] = r.nextDouble() < 0.3 ? 0 : 1 / 0.7;
                }
            }
            m.put(s, v);
        }
        return m;
    }

    @ParameterizedTest
    @ValueSource(strings = {"lstm", "gru"})
    void jvmAgreesWithTheInterpreterAndGradientsWithFiniteDifferences(String which) throws Exception {
        TypedCell cell = cell(which.equals("lstm") ? LSTM : GRU);
        CellProgram program = CellProgram.withStateMasks(cell);
        Map<String, Integer> sizes = Map.of(TypedCell.HIDDEN, 5, TypedCell.INPUT, 3);
        Random rng = new Random(1);
        Map<String, Tensor> params = program.randomParameters(sizes, rng, 0.7);
        RecurrentLayer interp = Backend.INTERP.layer(program, sizes, params, true, POOL);
        RecurrentLayer jvm = Backend.JVM.layer(program, sizes, params, true, POOL);
        assertEquals(Set.of("h"), interp.maskedStates(), "only h is read by products");
        assertEquals(Set.of("h"), jvm.maskedStates());
        Map<String, double[][]> m = masks(interp.maskedStates(), 5, rng);
        interp.setStateMasks(m);
        jvm.setStateMasks(m);
        double[][][] x = RandomArrays.sequence(T, B, 3, rng);
        int[] lengths = {4, 2, 3};
        double[][][] dy = RandomArrays.sequence(T, B, 5, rng);
        RecurrentLayer.Forward fi = interp.forward(x, lengths, Map.of());
        RecurrentLayer.Forward fj = jvm.forward(x, lengths, Map.of());
        Map<String, Tensor> gi = new HashMap<>();
        Map<String, Tensor> gj = new HashMap<>();
        RecurrentLayer.Backward bi = interp.backward(fi, dy, Map.of(), gi);
        RecurrentLayer.Backward bj = jvm.backward(fj, dy, Map.of(), gj);
        for (int t = 0; t < T; t++) {
            for (int b = 0; b < B; b++) {
                close(fi.y()[t][b], fj.y()[t][b], "y");
                close(bi.dx()[t][b], bj.dx()[t][b], "dx");
            }
        }
        gi.forEach((k, g) -> close(g.data(), gj.get(k).data(), "grad " + k));
        Map<String, double[][]> init = Map.of("h", RandomArrays.matrix(B, 5, 0.5, rng));
        if (which.equals("lstm")) {
            init = Map.of("h", init.get("h"), "c", RandomArrays.matrix(B, 5, 0.5, rng));
        }
        Map<String, Double> report = new GradientCheck(interp, x, lengths, init, rng, 1e-4).run();
        report.forEach((k, err) -> assertTrue(err < 1e-6, k + " relative error " + err));
    }

    @ParameterizedTest
    @ValueSource(strings = {"lstm", "gru"})
    void masksOfOnesChangeNothingAndOtherMasksDo(String which) throws Exception {
        TypedCell cell = cell(which.equals("lstm") ? LSTM : GRU);
        Map<String, Integer> sizes = Map.of(TypedCell.HIDDEN, 4, TypedCell.INPUT, 2);
        Random rng = new Random(2);
        CellProgram plain = CellProgram.of(cell);
        Map<String, Tensor> params = plain.randomParameters(sizes, rng, 0.7);
        RecurrentLayer unmasked = Backend.JVM.layer(plain, sizes, params, true, POOL);
        RecurrentLayer masked = Backend.JVM.layer(CellProgram.withStateMasks(cell), sizes, params, true, POOL);
        double[][][] x = RandomArrays.sequence(T, B, 2, rng);
        int[] lengths = {4, 4, 4};
        double[][][] a = unmasked.forward(x, lengths, Map.of()).y();
        double[][][] b = masked.forward(x, lengths, Map.of()).y();
        for (int t = 0; t < T; t++) {
            for (int s = 0; s < B; s++) {
                close(a[t][s], b[t][s], "no masks set means ones");
            }
        }
        masked.setStateMasks(masks(masked.maskedStates(), 4, rng));
        double[][][] c = masked.forward(x, lengths, Map.of()).y();
        assertNotEquals(a[T - 1][0][0], c[T - 1][0][0], "a dropped unit changes the output");
    }

    private static void close(double[] expected, double[] actual, String what) {
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-10 * Math.max(1, Math.abs(expected[i])), what + "[" + i + "]");
        }
    }
}
