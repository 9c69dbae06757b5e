package io.rnnc.runtime.layer;

import static io.rnnc.runtime.layer.Conv2dTest.fill;
import static io.rnnc.runtime.layer.DenseTest.assertMessage;
import static io.rnnc.runtime.layer.TorchCases.as;
import static io.rnnc.runtime.layer.TorchCases.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.google.gson.JsonObject;
import io.rnnc.runtime.kernels.WorkerPool;
import io.rnnc.runtime.tensor.RandomArrays;
import io.rnnc.runtime.tensor.Tensor;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.DoubleStream;
import org.junit.jupiter.api.Test;

/**
 * A stack of frame layers over padded image sequences agrees with PyTorch applied to each
 * sequence alone, and with finite differences; padded frames influence nothing.
 */
class FrameStackTest {

    /** conv 4:3x3 padding 1, ReLU, max pool 2, conv 3:3x3 stride 2 with tanh, average pool 2. */
    private static FrameStack pyTorchCaseStack(FrameShape in, Random rng) {
        Conv2d first = new Conv2d(in, 4, 3, 3, 1, 1, Activation.IDENTITY, rng);
        FrameActivation relu = new FrameActivation(first.outputShape(), Activation.RELU);
        Pool2d max = new Pool2d(relu.outputShape(), Pool2d.Kind.MAX, 2, 2);
        Conv2d second = new Conv2d(max.outputShape(), 3, 3, 3, 2, 0, Activation.TANH, rng);
        Pool2d average = new Pool2d(second.outputShape(), Pool2d.Kind.AVERAGE, 2, 2);
        return new FrameStack(List.of(first, relu, max, second, average));
    }

    @Test
    void matchesPyTorchOnEachSequenceAlone() {
        JsonObject c = TorchCases.load("/layer/frame_cases.json").getAsJsonArray("stack").get(0).getAsJsonObject();
        FrameStack stack = pyTorchCaseStack(Conv2dTest.shape(c, "shape"), new Random(0));
        JsonObject params = c.getAsJsonObject("params");
        assertEquals(params.keySet(), stack.parameters().keySet());
        stack.parameters().forEach((name, t) -> fill(t, as(params.get(name), double[].class)));
        int[] lengths = as(c.get("lengths"), int[].class);
        int steps = c.get("steps").getAsInt();
        double[][][] x = sequences(as(c.get("x"), double[].class), steps, lengths.length);
        double[][][] dy = sequences(as(c.get("dy"), double[].class), steps, lengths.length);
        SequenceLayer.Pass pass = stack.forward(x, lengths, true);
        assertClose(as(c.get("y"), double[].class), pass.y(), "y");
        Map<String, Tensor> grads = new HashMap<>();
        double[][][] dx = stack.backward(pass, dy, grads);
        assertClose(as(c.get("dx"), double[].class), dx, "dx");
        JsonObject expected = c.getAsJsonObject("grads");
        for (String name : expected.keySet()) {
            assertClose(as(expected.get(name), double[].class), grads.get(name).data(), name);
        }
    }

    /** Flat [steps][batch][features] values as nested arrays. */
    private static double[][][] sequences(double[] flat, int steps, int batch) {
        int features = flat.length / (steps * batch);
        double[][][] out = new double[steps][batch][features];
        for (int t = 0; t < steps; t++) {
            for (int b = 0; b < batch; b++) {
                System.arraycopy(flat, (t * batch + b) * features, out[t][b], 0, features);
            }
        }
        return out;
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        Random rng = new Random(51);
        FrameStack stack = pyTorchCaseStack(new FrameShape(10, 10, 1), rng);
        double[][][] x = RandomArrays.sequence(3, 2, stack.inputSize(), rng);
        new LayerCheck(() -> stack, true).assertGradients(x, new int[] {3, 1}, rng);
    }

    @Test
    void paddedFramesInfluenceNothing() {
        Random rng = new Random(52);
        FrameStack stack = pyTorchCaseStack(new FrameShape(10, 10, 2), rng);
        double[][][] x = RandomArrays.sequence(4, 3, stack.inputSize(), rng);
        new LayerCheck(() -> stack, true).assertPaddingInvariance(x, new int[] {2, 4, 0}, rng);
    }

    @Test
    void flattensTheLastFrameIntoEachStepsFeatures() {
        FrameStack stack = pyTorchCaseStack(new FrameShape(10, 10, 2), new Random(53));
        assertEquals(new FrameShape(10, 10, 2), stack.inputShape());
        assertEquals(new FrameShape(1, 1, 3), stack.outputShape());
        assertEquals(200, stack.inputSize());
        assertEquals(3, stack.outputSize());
    }

    @Test
    void namesParametersByKindAndNumberNotPosition() {
        Random rng = new Random(54);
        FrameShape in = new FrameShape(8, 8, 1);
        Conv2d a = new Conv2d(in, 2, 3, 3, 1, 1, Activation.RELU, rng);
        Conv2d b = new Conv2d(a.outputShape(), 2, 3, 3, 1, 1, Activation.RELU, rng);
        FrameStack plain = new FrameStack(List.of(a, b));
        FrameStack pooled = new FrameStack(List.of(a, new Pool2d(a.outputShape(), Pool2d.Kind.MAX, 1, 1), b));
        List<String> names = List.of("conv1.weight", "conv1.bias", "conv2.weight", "conv2.bias");
        assertEquals(names, List.copyOf(plain.parameters().keySet()));
        assertEquals(names, List.copyOf(pooled.parameters().keySet()));
        assertEquals(b.parameters().get("weight"), pooled.parameters().get("conv2.weight"));
    }

    @Test
    void backwardAddsIntoExistingGradients() {
        Random rng = new Random(55);
        FrameStack stack = pyTorchCaseStack(new FrameShape(10, 10, 1), rng);
        double[][][] x = RandomArrays.sequence(2, 2, stack.inputSize(), rng);
        double[][][] dy = RandomArrays.sequence(2, 2, stack.outputSize(), rng);
        int[] lengths = {2, 1};
        Map<String, Tensor> once = new HashMap<>();
        stack.backward(stack.forward(x, lengths, true), dy, once);
        Map<String, Tensor> twice = new HashMap<>();
        stack.backward(stack.forward(x, lengths, true), dy, twice);
        stack.backward(stack.forward(x, lengths, true), dy, twice);
        for (String name : stack.parameters().keySet()) {
            double[] doubled = once.get(name).data().clone();
            for (int i = 0; i < doubled.length; i++) {
                doubled[i] *= 2;
            }
            assertArrayEquals(doubled, twice.get(name).data(), 1e-12, name);
        }
    }

    @Test
    void aLargeBatchGivesWhatEachFrameGivesAlone() {
        // Large enough that the layers cut their frames into parts on the threads.
        Random rng = new Random(58);
        FrameShape in = new FrameShape(24, 24, 1);
        Conv2d first = new Conv2d(in, 8, 3, 3, 1, 1, Activation.RELU, rng);
        Pool2d max = new Pool2d(first.outputShape(), Pool2d.Kind.MAX, 2, 2);
        Conv2d second = new Conv2d(max.outputShape(), 16, 3, 3, 1, 1, Activation.RELU, rng);
        Pool2d average = new Pool2d(second.outputShape(), Pool2d.Kind.AVERAGE, 2, 2);
        FrameStack stack = new FrameStack(List.of(first, max, second, average));
        int steps = 20;
        double[][][] x = RandomArrays.sequence(steps, 2, stack.inputSize(), rng);
        double[][][] dy = RandomArrays.sequence(steps, 2, stack.outputSize(), rng);
        int[] lengths = {steps, steps - 3};
        SequenceLayer.Pass pass = stack.forward(x, lengths, true);
        Map<String, Tensor> grads = new HashMap<>();
        double[][][] dx = stack.backward(pass, dy, grads);
        Map<String, Tensor> alone = new HashMap<>();
        for (int b = 0; b < 2; b++) {
            for (int t = 0; t < lengths[b]; t++) {
                double[][][] frame = {{x[t][b]}};
                SequenceLayer.Pass one = stack.forward(frame, new int[] {1}, true);
                assertArrayEquals(one.y()[0][0], pass.y()[t][b], "y at step " + t + ", sample " + b);
                double[][][] dxAlone = stack.backward(one, new double[][][] {{dy[t][b]}}, alone);
                assertArrayEquals(dxAlone[0][0], dx[t][b], 1e-12, "dx at step " + t + ", sample " + b);
            }
        }
        for (String name : stack.parameters().keySet()) {
            assertArrayEquals(alone.get(name).data(), grads.get(name).data(), 1e-9, name);
        }
    }

    /**
     * Large enough that the second convolution's products are cut into parts and every layer's
     * frames too: outputs and gradients do not depend on the threads.
     */
    @Test
    void theSameBitsOnAnyNumberOfThreads() {
        List<ConvBlock> blocks = List.of(ConvBlock.parse("8:3x3,pad1,pool2"), ConvBlock.parse("16:3x3,pad1,avgpool2"));
        FrameShape in = new FrameShape(24, 24, 1);
        int steps = 20;
        int batch = 4;
        Random rng = new Random(59);
        double[][][] x = RandomArrays.sequence(steps, batch, in.size(), rng);
        double[][][] dy = RandomArrays.sequence(steps, batch, 6 * 6 * 16, rng);
        int[] lengths = {steps, steps - 3, steps, 9};
        double[] reference = null;
        for (int threads : new int[] {1, 2, 3, 8}) {
            FrameStack stack = ConvBlock.stack(in, blocks, new Random(60), WorkerPool.allAtOnce(threads));
            SequenceLayer.Pass pass = stack.forward(x, lengths, true);
            Map<String, Tensor> grads = new TreeMap<>();
            double[][][] dx = stack.backward(pass, dy, grads);
            DoubleStream.Builder all = DoubleStream.builder();
            for (double[][][] a : List.of(pass.y(), dx)) {
                Arrays.stream(a).flatMap(Arrays::stream).flatMapToDouble(Arrays::stream).forEach(all);
            }
            grads.values().forEach(g -> Arrays.stream(g.data()).forEach(all));
            double[] results = all.build().toArray();
            if (reference == null) {
                reference = results;
            }
            assertArrayEquals(reference, results, threads + " threads");
        }
    }

    @Test
    void skipsTheInputGradientWhenNobodyNeedsIt() {
        Random rng = new Random(57);
        FrameStack stack = pyTorchCaseStack(new FrameShape(10, 10, 1), rng);
        double[][][] x = RandomArrays.sequence(2, 2, stack.inputSize(), rng);
        double[][][] dy = RandomArrays.sequence(2, 2, stack.outputSize(), rng);
        int[] lengths = {2, 1};
        Map<String, Tensor> all = new HashMap<>();
        stack.backward(stack.forward(x, lengths, true), dy, all);
        stack.setInputGradients(false);
        Map<String, Tensor> parametersOnly = new HashMap<>();
        assertNull(stack.backward(stack.forward(x, lengths, true), dy, parametersOnly));
        for (String name : stack.parameters().keySet()) {
            assertArrayEquals(all.get(name).data(), parametersOnly.get(name).data(), name);
        }
    }

    @Test
    void rejectsNeighboursWhoseShapesDisagree() {
        Random rng = new Random(56);
        Conv2d a = new Conv2d(new FrameShape(8, 8, 1), 2, 3, 3, 1, 0, Activation.RELU, rng);
        Conv2d b = new Conv2d(new FrameShape(8, 8, 2), 2, 3, 3, 1, 0, Activation.RELU, rng);
        assertMessage(() -> new FrameStack(List.of(a, b)), "frame layer 2 (conv) reads 8x8x2 frames but the layer "
                + "before it writes 6x6x2");
        assertMessage(() -> new FrameStack(List.of()), "at least one layer");
        FrameStack stack = new FrameStack(List.of(a));
        assertMessage(() -> stack.forward(new double[2][1][63], new int[] {2}, false), "features");
    }
}
