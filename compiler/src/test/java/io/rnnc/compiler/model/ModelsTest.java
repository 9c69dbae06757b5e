package io.rnnc.compiler.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rnnc.runtime.tensor.Tensor;
import io.rnnc.runtime.train.Model;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How a model starts: the cell's `init` lines, and PyTorch's default where there is none. */
class ModelsTest {
    private static final String IRNN = """
            init U = identity
            init b = 1
            h_t = relu(W x_t + U h_{t-1} + b)
            """;

    @Test
    void initLinesOverrideTheDefault() throws Exception {
        Model model = Models.build(TestCells.check(IRNN), ModelSpec.perStepClassifier(3, 5, 2), 1);
        Map<String, Tensor> p = model.parameters();
        Tensor u = p.get("U_l0");
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 5; j++) {
                assertEquals(i == j ? 1.0 : 0.0, u.get(i, j), "U[" + i + "," + j + "]");
            }
        }
        for (double b : p.get("b_l0").data()) {
            assertEquals(1.0, b);
        }
        double bound = 1 / Math.sqrt(5);
        double[] w = p.get("W_l0").data();
        assertTrue(java.util.Arrays.stream(w).allMatch(v -> Math.abs(v) <= bound), "W uniform in ±1/√H");
        assertTrue(java.util.Arrays.stream(w).distinct().count() == w.length, "W drawn, not constant");
    }
}
