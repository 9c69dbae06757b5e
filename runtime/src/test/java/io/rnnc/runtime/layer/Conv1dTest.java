package io.rnnc.runtime.layer;

import static io.rnnc.runtime.layer.DenseTest.assertMessage;
import static io.rnnc.runtime.layer.DenseTest.assertWithin;
import static io.rnnc.runtime.layer.DenseTest.copyInto;
import static io.rnnc.runtime.layer.TorchCases.as;
import static io.rnnc.runtime.layer.TorchCases.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.rnnc.runtime.tensor.RandomArrays;
import io.rnnc.runtime.tensor.Tensor;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Conv1d agrees with PyTorch's conv1d (causal and same), with finite differences, and ignores padding. */
class Conv1dTest {

    @Test
    void matchesPyTorch() {
        for (JsonElement e : TorchCases.load("/layer/cases.json").getAsJsonArray("conv1d")) {
            JsonObject c = e.getAsJsonObject();
            String name = "conv1d " + c.get("name").getAsString();
            Conv1d conv = new Conv1d(c.get("in").getAsInt(), c.get("out").getAsInt(), c.get("kernel").getAsInt(),
                    c.get("causal").getAsBoolean(), Activation.named(c.get("activation").getAsString()), new Random(0));
            copyInto(conv.parameters().get("weight"), flattenLast(as(c.get("weight"), double[][][].class)));
            copyInto(conv.parameters().get("bias"), new double[][] {as(c.get("bias"), double[].class)});
            int[] lengths = as(c.get("lengths"), int[].class);
            SequenceLayer.Pass pass = conv.forward(as(c.get("x"), double[][][].class), lengths, false);
            assertClose(as(c.get("y"), double[][][].class), pass.y(), name + " y");
            Map<String, Tensor> grads = new HashMap<>();
            double[][][] dx = conv.backward(pass, as(c.get("dy"), double[][][].class), grads);
            assertClose(as(c.get("dx"), double[][][].class), dx, name + " dx");
            assertClose(as(c.get("dweight"), double[][][].class), grads.get("weight").data(), name + " dweight");
            assertClose(as(c.get("dbias"), double[].class), grads.get("bias").data(), name + " dbias");
        }
    }

    private static double[][] flattenLast(double[][][] w) {
        return Arrays.stream(w).flatMap(Arrays::stream).toArray(double[][]::new);
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        Random rng = new Random(21);
        int[] lengths = {5, 2, 3};
        double[][][] x = RandomArrays.sequence(5, 3, 2, rng);
        for (boolean causal : new boolean[] {true, false}) {
            Conv1d conv = new Conv1d(2, 3, 3, causal, Activation.TANH, rng);
            new LayerCheck(() -> conv, false).assertGradients(x, lengths, rng);
        }
    }

    @Test
    void paddingInfluencesNothing() {
        Random rng = new Random(22);
        double[][][] x = RandomArrays.sequence(6, 3, 2, rng);
        for (boolean causal : new boolean[] {true, false}) {
            Conv1d conv = new Conv1d(2, 3, 5, causal, Activation.IDENTITY, rng);
            new LayerCheck(() -> conv, true).assertPaddingInvariance(x, new int[] {6, 3, 1}, rng);
        }
    }

    @Test
    void causalOutputsDoNotSeeLaterSteps() {
        Random rng = new Random(23);
        Conv1d conv = new Conv1d(2, 2, 3, true, Activation.TANH, rng);
        double[][][] x = RandomArrays.sequence(6, 1, 2, rng);
        int[] lengths = {6};
        double[][][] y = conv.forward(x, lengths, false).y();
        x[3][0][1] += 1;
        double[][][] changed = conv.forward(x, lengths, false).y();
        for (int t = 0; t < 6; t++) {
            boolean sees = t >= 3 && t <= 5;
            assertEquals(!sees, Arrays.equals(y[t][0], changed[t][0]), "step " + t + " sees step 3: " + sees);
        }
    }

    @Test
    void sameConvolutionIsCentred() {
        Random rng = new Random(24);
        Conv1d conv = new Conv1d(1, 1, 3, false, Activation.IDENTITY, rng);
        double[][][] x = RandomArrays.sequence(6, 1, 1, rng);
        int[] lengths = {6};
        double[][][] y = conv.forward(x, lengths, false).y();
        x[3][0][0] += 1;
        double[][][] changed = conv.forward(x, lengths, false).y();
        for (int t = 0; t < 6; t++) {
            boolean sees = t >= 2 && t <= 4;
            assertEquals(!sees, Arrays.equals(y[t][0], changed[t][0]), "step " + t + " sees step 3: " + sees);
        }
    }

    @Test
    void initializesLikePyTorchConv1d() {
        Conv1d conv = new Conv1d(4, 6, 4, true, Activation.IDENTITY, new Random(7));
        assertArrayEquals(new int[] {6, 4, 4}, conv.parameters().get("weight").shape());
        assertArrayEquals(new int[] {6}, conv.parameters().get("bias").shape());
        assertWithin(conv.parameters().get("weight").data(), 0.25);
        assertWithin(conv.parameters().get("bias").data(), 0.25);
        assertEquals(4, conv.inputSize());
        assertEquals(6, conv.outputSize());
        assertFalse(conv.parameters().isEmpty());
    }

    @Test
    void rejectsBadConfigurationAndInput() {
        assertMessage(() -> new Conv1d(2, 2, 4, false, Activation.TANH, new Random(1)), "odd kernel");
        assertMessage(() -> new Conv1d(2, 2, 0, true, Activation.TANH, new Random(1)), "kernel");
        assertMessage(() -> new Conv1d(2, 2, 3, true, Activation.TANH, null), "random");
        Conv1d conv = new Conv1d(2, 2, 3, true, Activation.TANH, new Random(1));
        assertMessage(() -> conv.forward(new double[3][1][3], new int[] {3}, false), "features");
        SequenceLayer.Pass pass = new Dense(2, 2, Activation.TANH, new Random(1))
                .forward(new double[3][1][2], new int[] {3}, false);
        assertMessage(() -> conv.backward(pass, new double[3][1][2], new HashMap<>()), "own forward");
    }
}
