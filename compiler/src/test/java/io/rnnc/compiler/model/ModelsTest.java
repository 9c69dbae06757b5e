package io.rnnc.compiler.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rnnc.compiler.TestCells;
import io.rnnc.runtime.data.Batch;
import io.rnnc.runtime.loss.Reduction;
import io.rnnc.runtime.tensor.Tensor;
import io.rnnc.runtime.train.Model;
import io.rnnc.runtime.train.States;
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
        Model model = Models.build(TestCells.check(IRNN), ModelSpec.tagger(3, 5, 2), 1);
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

    /** Recurrent dropout acts while training only: evaluation is the plain model's, training draws new masks each step. */
    @Test
    void recurrentDropoutOnlyWhileTraining() throws Exception {
        ModelSpec plainSpec = ModelSpec.languageModel(3, 6);
        Model plain = Models.build(TestCells.check(TestCells.GATED), plainSpec, 4);
        Model dropped = Models.build(TestCells.check(TestCells.GATED), plainSpec.withRecurrentDropout(0.5), 4);
        Batch batch = io.rnnc.runtime.data.SequenceDataset.stepClasses(
                java.util.List.<double[][]>of(new double[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}, {1, 0, 0}}),
                java.util.List.of(new int[] {1, 2, 0, 1})).batch(new int[] {0});
        double[][][] a = plain.forward(batch, States.zero(), false).steps();
        double[][][] b = dropped.forward(batch, States.zero(), false).steps();
        dropped.reseedDropout(1, 0);
        double[][][] c = dropped.forward(batch, States.zero(), true).steps();
        dropped.reseedDropout(1, 1);
        double[][][] d = dropped.forward(batch, States.zero(), true).steps();
        dropped.reseedDropout(1, 0);
        double[][][] e = dropped.forward(batch, States.zero(), true).steps();
        for (int t = 0; t < 4; t++) {
            assertArrayEquals(a[t][0], b[t][0], "evaluation ignores recurrent dropout");
            assertArrayEquals(c[t][0], e[t][0], "the same step draws the same masks");
        }
        assertTrue(!java.util.Arrays.equals(c[3][0], d[3][0]), "another step, other masks");
        assertTrue(!java.util.Arrays.equals(a[3][0], c[3][0]), "training drops units");
        assertArrayEquals(a[0][0], c[0][0], "the first step reads only the zero initial state");
    }

    /**
     * The gradients of a batch's shares, each told its sequences' places in the whole batch and
     * weighted by its size, sum to the whole batch's, with dropout (stepwise and variational)
     * between two layers and on the recurrent state: each sequence draws the same masks wherever it is.
     */
    @Test
    void sharesOfABatchDrawTheWholeBatchsMasks() throws Exception {
        java.util.Random r = new java.util.Random(8);
        java.util.List<double[][]> inputs = new java.util.ArrayList<>();
        java.util.List<int[]> targets = new java.util.ArrayList<>();
        for (int length : new int[] {4, 2, 5, 3, 4}) {
            inputs.add(io.rnnc.runtime.tensor.RandomArrays.sequence(1, length, 3, r)[0]);
            targets.add(r.ints(length, 0, 2).toArray());
        }
        io.rnnc.runtime.data.SequenceDataset data = io.rnnc.runtime.data.SequenceDataset.stepClasses(inputs, targets);
        for (boolean variational : new boolean[] {false, true}) {
            ModelSpec spec = ModelSpec.tagger(3, 5, 2).withLayers(2).withDropout(0.4, variational)
                    .withRecurrentDropout(0.3).withFloat64(true);
            Model model = Models.build(TestCells.check(TestCells.GATED), spec, 4);
            model.reseedDropout(9, 2);
            Map<String, Tensor> whole = model.gradients(data.batch(new int[] {0, 1, 2, 3, 4}), States.zero(),
                    Reduction.SUM).grads();
            Map<String, Tensor> summed = shareGradients(model, data, new int[] {1, 3}, true);
            shareGradients(model, data, new int[] {0, 2, 4}, true).forEach((name, g) -> add(summed.get(name), g));
            Map<String, Tensor> unplaced = shareGradients(model, data, new int[] {1, 3}, false);
            shareGradients(model, data, new int[] {0, 2, 4}, false).forEach((name, g) -> add(unplaced.get(name), g));
            double apart = 0;
            for (String name : whole.keySet()) {
                double[] w = whole.get(name).data();
                double[] s = summed.get(name).data();
                for (int i = 0; i < w.length; i++) {
                    assertEquals(w[i], s[i] / 5, 1e-12, name + " (variational " + variational + ")");
                    apart = Math.max(apart, Math.abs(w[i] - unplaced.get(name).data()[i] / 5));
                }
            }
            assertTrue(apart > 1e-3, "shares drawing as if each were the whole batch draw other masks");
        }
    }

    /** A share's gradients times its size (the SUM reduction averages over the share's sequences). */
    private static Map<String, Tensor> shareGradients(Model model, io.rnnc.runtime.data.SequenceDataset data,
                                                     int[] rows, boolean placed) {
        model.reseedDropout(9, 2, placed ? rows : null);
        Map<String, Tensor> g = model.gradients(data.batch(rows), States.zero(), Reduction.SUM).grads();
        g.values().forEach(t -> {
            for (int i = 0; i < t.data().length; i++) {
                t.data()[i] *= rows.length;
            }
        });
        return g;
    }

    private static void add(Tensor into, Tensor g) {
        for (int i = 0; i < g.data().length; i++) {
            into.data()[i] += g.data()[i];
        }
    }

    /** Dropout layers have no parameters and rename none: a checkpoint's names do not depend on --dropout. */
    @Test
    void parameterNamesDoNotDependOnDropout() throws Exception {
        ModelSpec spec = ModelSpec.tagger(3, 5, 2).withLayers(2).withFront(new ModelSpec.FrontEnd(4, 3, 2));
        Map<String, Tensor> plain = Models.build(TestCells.check(IRNN), spec, 1).parameters();
        Map<String, Tensor> dropped = Models.build(TestCells.check(IRNN), spec.withDropout(0.3, false), 1).parameters();
        assertEquals(java.util.List.copyOf(plain.keySet()), java.util.List.copyOf(dropped.keySet()));
        assertTrue(plain.keySet().containsAll(java.util.List.of("dense.weight", "conv.bias", "W_l1", "head.weight")),
                plain.keySet().toString());
    }
}
