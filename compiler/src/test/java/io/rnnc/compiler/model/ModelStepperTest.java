package io.rnnc.compiler.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.rnnc.compiler.TestCells;
import io.rnnc.compiler.backend.Backend;
import io.rnnc.runtime.data.Batch;
import io.rnnc.runtime.data.OneHot;
import io.rnnc.runtime.step.ModelStepper;
import io.rnnc.runtime.train.Model;
import io.rnnc.runtime.train.States;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A model stepped token by token gives the logits of its forward pass over the whole sequence
 * (and {@code oneHotStep} chained through its states does too): a dense front end, dropout
 * (off), recurrent dropout's masks (ones) and two layers, compiled in float32 and float64 and
 * on the reference interpreter.
 */
class ModelStepperTest {
    private static final String LSTM = """
            f_t = σ(W_f·[h_{t-1}, x_t] + b_f)
            i_t = σ(W_i·[h_{t-1}, x_t] + b_i)
            g_t = tanh(W_g·[h_{t-1}, x_t] + b_g)
            C_t = f_t * C_{t-1} + i_t * g_t
            o_t = σ(W_o·[h_{t-1}, x_t] + b_o)
            h_t = o_t * tanh(C_t)
            """;
    private static final int VOCAB = 7;
    private static final int[] TOKENS = {3, 0, 6, 6, 2, 5, 1, 4};

    private static Model model(Backend backend, boolean f64, int frontDense) throws Exception {
        ModelSpec spec = new ModelSpec(VOCAB, 10, 2, false, 0.2, false, 0.1,
                new ModelSpec.FrontEnd(frontDense, 0, 0), Model.Head.SOFTMAX, VOCAB, null, backend, f64);
        return Models.build(TestCells.check(LSTM), spec, 4);
    }

    @ParameterizedTest
    @CsvSource({"JVM, false, 0", "JVM, true, 0", "JVM, false, 6", "INTERP, true, 0"})
    void stepsGiveTheForwardPassesLogits(Backend backend, boolean f64, int frontDense) throws Exception {
        Model model = model(backend, f64, frontDense);
        double[][][] x = new double[TOKENS.length][][];
        for (int t = 0; t < TOKENS.length; t++) {
            x[t] = new double[][] {OneHot.sequence(new int[] {TOKENS[t]}, VOCAB)[0]};
        }
        double[][][] whole = model.forward(new Batch(x, new int[] {TOKENS.length}, null), States.zero(), false).steps();
        ModelStepper stepper = model.stepper(1);
        States states = States.zero();
        double tolerance = f64 ? 1e-10 : 1e-4;
        for (int t = 0; t < TOKENS.length; t++) {
            double[] stepped = stepper.stepTokens(new int[] {TOKENS[t]});
            Model.Output one = model.oneHotStep(TOKENS[t], states);
            states = one.finalStates();
            for (int k = 0; k < VOCAB; k++) {
                assertEquals(whole[t][0][k], stepped[k], tolerance, "logit " + k + " at step " + t);
                assertEquals(whole[t][0][k], one.steps()[0][0][k], tolerance, "oneHotStep's logit " + k + " at step " + t);
            }
        }
    }

    @Test
    void aBidirectionalModelCannotStep() throws Exception {
        ModelSpec spec = ModelSpec.tagger(3, 4, 2).withBidirectional(true);
        Model model = Models.build(TestCells.check(LSTM), spec, 1);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> model.stepper(1));
        assertEquals("a bidirectional layer reads whole sequences, so the model cannot run a step at a time", e.getMessage());
    }
}
