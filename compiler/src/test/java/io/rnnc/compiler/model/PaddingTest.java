package io.rnnc.compiler.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.rnnc.compiler.TestCells;
import io.rnnc.compiler.backend.Backend;
import io.rnnc.runtime.data.Batch;
import io.rnnc.runtime.data.SequenceDataset;
import io.rnnc.runtime.layer.Pooling;
import io.rnnc.runtime.loss.Reduction;
import io.rnnc.runtime.tensor.Tensor;
import io.rnnc.runtime.train.Losses;
import io.rnnc.runtime.train.Model;
import io.rnnc.runtime.train.States;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Padding changes nothing: a padded batch gives, at every valid step, the outputs and (summed
 * over the batch) the gradients of the same sequences run one by one, through a convolution,
 * two bidirectional layers and a head reading every step or the last valid one.
 */
class PaddingTest {
    private static final int[] LENGTHS = {5, 3, 1};
    private static final int X = 3;

    @Test
    void perStepModel() throws Exception {
        ModelSpec spec = new ModelSpec(X, 4, 2, true, 0, false, 0, new ModelSpec.FrontEnd(4, 5, 2), Model.Head.LINEAR, 2,
                null, Backend.JVM, true);
        List<double[][]> xs = sequences(new Random(1));
        List<double[][]> ys = new ArrayList<>();
        Random r = new Random(2);
        for (double[][] x : xs) {
            double[][] y = new double[x.length][2];
            for (double[] row : y) {
                row[0] = r.nextGaussian();
                row[1] = r.nextGaussian();
            }
            ys.add(y);
        }
        compare(spec, SequenceDataset.stepValues(xs, ys));
    }

    @Test
    void lastStepClassifier() throws Exception {
        ModelSpec spec = new ModelSpec(X, 4, 2, true, 0, false, 0, ModelSpec.FrontEnd.NONE, Model.Head.SOFTMAX, 3, Pooling.LAST,
                Backend.JVM, true);
        compare(spec, SequenceDataset.sequenceClasses(sequences(new Random(3)), List.of(2, 0, 1)));
    }

    @Test
    void meanPooledSigmoidHead() throws Exception {
        ModelSpec spec = new ModelSpec(X, 4, 1, false, 0, false, 0, new ModelSpec.FrontEnd(3, 0, 0), Model.Head.SIGMOID, 2,
                Pooling.MEAN, Backend.JVM, true);
        List<double[]> targets = List.of(new double[] {1, 0}, new double[] {0.25, 1}, new double[] {0, 0.5});
        compare(spec, SequenceDataset.sequenceValues(sequences(new Random(5)), targets));
    }

    private static void compare(ModelSpec spec, SequenceDataset data) throws Exception {
        Model model = Models.build(TestCells.check(TestCells.GATED), spec, 4);
        Batch batch = data.batch(new int[] {0, 1, 2});
        garbleThePadding(batch);
        Model.Output together = model.forward(batch, States.zero(), false);
        Map<String, Tensor> batchGrads = gradients(model, batch, together);
        Map<String, double[]> summed = new java.util.HashMap<>();
        for (int b = 0; b < LENGTHS.length; b++) {
            Batch alone = data.batch(new int[] {b});
            Model.Output single = model.forward(alone, States.zero(), false);
            if (together.steps() != null) {
                for (int t = 0; t < LENGTHS[b]; t++) {
                    assertClose(single.steps()[t][0], together.steps()[t][b], "output at step " + t + " of sequence " + b);
                }
            } else {
                assertClose(single.sequences()[0], together.sequences()[b], "output of sequence " + b);
            }
            gradients(model, alone, single).forEach((k, g) -> {
                double[] acc = summed.computeIfAbsent(k, x -> new double[g.size()]);
                for (int i = 0; i < acc.length; i++) {
                    acc[i] += g.data()[i];
                }
            });
        }
        batchGrads.forEach((k, g) -> {
            double[] scaled = g.data().clone();
            for (int i = 0; i < scaled.length; i++) {
                scaled[i] *= LENGTHS.length;
            }
            assertClose(summed.get(k), scaled, "gradient of " + k);
        });
    }

    /** SUM reduction averages over the batch, so B·(batch gradient) is the sum of the single ones. */
    private static Map<String, Tensor> gradients(Model model, Batch batch, Model.Output out) {
        Losses.Value loss = model.loss(out, batch, Reduction.SUM);
        return model.backward(out, batch, loss);
    }

    private static List<double[][]> sequences(Random r) {
        List<double[][]> xs = new ArrayList<>();
        for (int len : LENGTHS) {
            double[][] x = new double[len][X];
            for (double[] row : x) {
                for (int i = 0; i < X; i++) {
                    row[i] = r.nextGaussian();
                }
            }
            xs.add(x);
        }
        return xs;
    }

    private static void garbleThePadding(Batch batch) {
        for (int t = 0; t < batch.x().length; t++) {
            for (int b = 0; b < batch.size(); b++) {
                if (t >= batch.lengths()[b]) {
                    java.util.Arrays.fill(batch.x()[t][b], 1e3);
                }
            }
        }
    }

    private static void assertClose(double[] expected, double[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            double scale = Math.max(1e-3, Math.abs(expected[i]));
            assertEquals(expected[i], actual[i], 1e-10 * scale, what + " [" + i + "]");
        }
    }
}
