package io.rnnc.runtime.layer;

import static io.rnnc.runtime.layer.TorchCases.as;
import static io.rnnc.runtime.layer.TorchCases.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.rnnc.runtime.tensor.RandomArrays;
import io.rnnc.runtime.tensor.Tensor;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Dense agrees with PyTorch's Linear and with finite differences, and ignores padding. */
class DenseTest {

    @Test
    void matchesPyTorch() {
        for (JsonElement e : TorchCases.load("/layer/cases.json").getAsJsonArray("dense")) {
            JsonObject c = e.getAsJsonObject();
            String name = "dense " + c.get("name").getAsString();
            Dense dense = new Dense(c.get("in").getAsInt(), c.get("out").getAsInt(),
                    Activation.named(c.get("activation").getAsString()), new Random(0));
            copyInto(dense.parameters().get("weight"), as(c.get("weight"), double[][].class));
            copyInto(dense.parameters().get("bias"), new double[][] {as(c.get("bias"), double[].class)});
            int[] lengths = as(c.get("lengths"), int[].class);
            SequenceLayer.Pass pass = dense.forward(as(c.get("x"), double[][][].class), lengths, true);
            assertClose(as(c.get("y"), double[][][].class), pass.y(), name + " y");
            Map<String, Tensor> grads = new HashMap<>();
            double[][][] dx = dense.backward(pass, as(c.get("dy"), double[][][].class), grads);
            assertClose(as(c.get("dx"), double[][][].class), dx, name + " dx");
            assertClose(as(c.get("dweight"), double[][].class), grads.get("weight").data(), name + " dweight");
            assertClose(as(c.get("dbias"), double[].class), grads.get("bias").data(), name + " dbias");
        }
    }

    /** Copies rows into a tensor's data, row after row. */
    static void copyInto(Tensor t, double[][] rows) {
        double[] d = t.data();
        int at = 0;
        for (double[] row : rows) {
            System.arraycopy(row, 0, d, at, row.length);
            at += row.length;
        }
        assertEquals(d.length, at, "the case fills the whole tensor");
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        Random rng = new Random(11);
        for (Activation act : Activation.values()) {
            Dense dense = new Dense(3, 4, act, rng);
            double[][][] x = RandomArrays.sequence(4, 3, 3, rng);
            new LayerCheck(() -> dense, false).assertGradients(x, new int[] {4, 1, 2}, rng);
        }
    }

    @Test
    void paddingInfluencesNothing() {
        Random rng = new Random(12);
        Dense dense = new Dense(3, 2, Activation.TANH, rng);
        double[][][] x = RandomArrays.sequence(5, 3, 3, rng);
        new LayerCheck(() -> dense, true).assertPaddingInvariance(x, new int[] {5, 2, 0}, rng);
    }

    @Test
    void initializesLikePyTorchLinear() {
        Dense dense = new Dense(16, 8, Activation.IDENTITY, new Random(5));
        Tensor w = dense.parameters().get("weight");
        Tensor b = dense.parameters().get("bias");
        assertArrayEquals(new int[] {8, 16}, w.shape());
        assertArrayEquals(new int[] {8}, b.shape());
        assertWithin(w.data(), 0.25);
        assertWithin(b.data(), 0.25);
        assertArrayEquals(w.data(), new Dense(16, 8, Activation.IDENTITY, new Random(5)).parameters()
                .get("weight").data(), "the same seed gives the same weights");
    }

    /** All values lie in ±bound and spread over most of it, so the bound is the one used. */
    static void assertWithin(double[] values, double bound) {
        double largest = 0;
        for (double v : values) {
            assertTrue(Math.abs(v) <= bound, v + " lies within ±" + bound);
            largest = Math.max(largest, Math.abs(v));
        }
        assertTrue(largest > 0.75 * bound, "values spread up to the bound " + bound + " but reach only " + largest);
    }

    /** Large enough that every product is cut into parts: outputs and gradients do not depend on the threads. */
    @Test
    void theSameBitsOnAnyNumberOfThreads() {
        double[][][] x = RandomArrays.sequence(30, 20, 300, new Random(14));
        double[][][] dy = RandomArrays.sequence(30, 20, 200, new Random(15));
        int[] lengths = new int[20];
        java.util.Arrays.fill(lengths, 30);
        lengths[4] = 17;
        double[] reference = null;
        for (int threads : new int[] {1, 2, 3, 8}) {
            Dense dense = new Dense(300, 200, Activation.TANH, new Random(16), io.rnnc.runtime.kernels.WorkerPool.allAtOnce(threads));
            SequenceLayer.Pass pass = dense.forward(x, lengths, true);
            Map<String, Tensor> grads = new java.util.TreeMap<>();
            double[][][] dx = dense.backward(pass, dy, grads);
            java.util.stream.DoubleStream.Builder all = java.util.stream.DoubleStream.builder();
            for (double[][][] a : java.util.List.of(pass.y(), dx)) {
                java.util.Arrays.stream(a).flatMap(java.util.Arrays::stream).flatMapToDouble(java.util.Arrays::stream)
                        .forEach(all);
            }
            grads.values().forEach(g -> java.util.Arrays.stream(g.data()).forEach(all));
            double[] results = all.build().toArray();
            if (reference == null) {
                reference = results;
            }
            assertArrayEquals(reference, results, threads + " threads");
        }
    }

    @Test
    void backwardAddsIntoExistingGradients() {
        Random rng = new Random(13);
        Dense dense = new Dense(2, 3, Activation.SIGMOID, rng);
        double[][][] x = RandomArrays.sequence(2, 2, 2, rng);
        double[][][] dy = RandomArrays.sequence(2, 2, 3, rng);
        int[] lengths = {2, 1};
        Map<String, Tensor> once = new HashMap<>();
        dense.backward(dense.forward(x, lengths, false), dy, once);
        Map<String, Tensor> twice = new HashMap<>();
        dense.backward(dense.forward(x, lengths, false), dy, twice);
        dense.backward(dense.forward(x, lengths, false), dy, twice);
        for (String name : once.keySet()) {
            double[] a = once.get(name).data();
            double[] b = twice.get(name).data();
            for (int i = 0; i < a.length; i++) {
                assertEquals(2 * a[i], b[i], 1e-15, name);
            }
        }
    }

    @Test
    void rejectsMisshapenInput() {
        Dense dense = new Dense(3, 2, Activation.RELU, new Random(1));
        double[][][] x = new double[2][2][3];
        assertMessage(() -> dense.forward(new double[2][2][4], new int[] {2, 2}, false), "features");
        assertMessage(() -> dense.forward(x, new int[] {2}, false), "samples");
        assertMessage(() -> dense.forward(x, new int[] {3, 1}, false), "length 3");
        assertMessage(() -> dense.forward(x, new int[] {-1, 1}, false), "length -1");
        assertMessage(() -> dense.forward(null, new int[] {1}, false), "null");
        SequenceLayer.Pass pass = dense.forward(x, new int[] {2, 1}, false);
        assertMessage(() -> dense.backward(pass, new double[2][2][3], new HashMap<>()), "features");
        assertMessage(() -> dense.backward(pass, new double[1][2][2], new HashMap<>()), "steps");
        Dense other = new Dense(3, 2, Activation.RELU, new Random(1));
        assertMessage(() -> other.backward(pass, new double[2][2][2], new HashMap<>()), "own forward");
        Map<String, Tensor> wrong = new HashMap<>(Map.of("weight", Tensor.zeros(3, 2)));
        assertMessage(() -> dense.backward(pass, new double[2][2][2], wrong), "shape");
        assertMessage(() -> new Dense(0, 2, Activation.RELU, new Random(1)), "positive");
        assertMessage(() -> new Dense(2, 2, null, new Random(1)), "activation");
    }

    /** Asserts an IllegalArgumentException whose message contains {@code fragment}. */
    static void assertMessage(org.junit.jupiter.api.function.Executable call, String fragment) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(fragment), "message '" + e.getMessage() + "' mentions " + fragment);
    }
}
