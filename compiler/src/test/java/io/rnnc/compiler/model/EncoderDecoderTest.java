package io.rnnc.compiler.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.rnnc.compiler.TestCells;
import io.rnnc.compiler.backend.Backend;
import io.rnnc.runtime.data.Batch;
import io.rnnc.runtime.data.Targets;
import io.rnnc.runtime.loss.Reduction;
import io.rnnc.runtime.tensor.Tensor;
import io.rnnc.runtime.train.EncoderDecoder;
import io.rnnc.runtime.train.Learner;
import io.rnnc.runtime.train.Model;
import io.rnnc.runtime.train.States;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The gradient of an encoder-decoder crosses from the decoder's initial states into the
 * encoder's final states: every parameter's gradient, encoder and decoder, two layers deep,
 * agrees with central finite differences in float64, with a one-directional encoder and with a
 * bidirectional one.
 */
class EncoderDecoderTest {
    /** One-directional, and bidirectional, where a bridge maps both directions' final states to the decoder's. */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void gradientsAgreeWithFiniteDifferences(boolean bidirectional) throws Exception {
        ModelSpec spec = new ModelSpec(4, 3, 2, bidirectional, 0, false, 0, ModelSpec.FrontEnd.NONE, Model.Head.SOFTMAX, 4,
                null, Backend.JVM, true);
        EncoderDecoder model = Models.encoderDecoder(TestCells.check(TestCells.GATED), 2, spec, 6);
        assertEquals(bidirectional, model.parameters().keySet().stream().anyMatch(k -> k.startsWith("bridge.")),
                model.parameters().keySet().toString());
        Batch batch = batch(new Random(7));
        Learner.Gradients g = model.gradients(batch, States.zero(), Reduction.SUM);
        int checked = 0;
        for (Map.Entry<String, Tensor> e : model.parameters().entrySet()) {
            double[] w = e.getValue().data();
            double[] grad = g.grads().get(e.getKey()).data();
            for (int i = 0; i < w.length; i += Math.max(1, w.length / 3)) {
                double keep = w[i];
                double h = 1e-5;
                w[i] = keep + h;
                double up = model.loss(batch, States.zero(), Reduction.SUM);
                w[i] = keep - h;
                double down = model.loss(batch, States.zero(), Reduction.SUM);
                w[i] = keep;
                double numeric = (up - down) / (2 * h);
                assertEquals(numeric, grad[i], 1e-6 * Math.max(1, Math.abs(numeric)), e.getKey() + "[" + i + "]");
                checked++;
            }
        }
        assertEquals(true, checked > 20, "checked " + checked);
        assertEquals(true, g.grads().keySet().stream().anyMatch(k -> k.startsWith("encoder.")));
    }

    private static Batch batch(Random r) {
        int[] sourceLengths = {3, 2};
        double[][][] x = new double[3][2][2];
        for (double[][] step : x) {
            for (double[] row : step) {
                row[0] = r.nextGaussian();
                row[1] = r.nextGaussian();
            }
        }
        int[] targetLengths = {2, 3};
        double[][][] in = new double[3][2][4];
        int[][] ids = {{1, 2}, {3, 0}, {-1, 2}};
        for (int t = 0; t < 3; t++) {
            for (int b = 0; b < 2; b++) {
                in[t][b][t == 0 ? 0 : Math.max(0, ids[t - 1][b])] = 1;
            }
        }
        return new Batch(x, sourceLengths, new Targets.Decoded(in, targetLengths, ids));
    }
}
