package io.rnnc.runtime.layer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rnnc.runtime.tensor.RandomArrays;
import io.rnnc.runtime.tensor.Tensor;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The head's loss is the cross-entropy, and its gradients agree with finite differences. */
class SoftmaxHeadTest {

    @Test
    void lossOfUniformLogitsIsLogClasses() {
        SoftmaxHead head = new SoftmaxHead(5, 3, new Random(1));
        java.util.Arrays.fill(head.parameters().get("weight").data(), 0);
        double[][][] y = RandomArrays.sequence(2, 2, 3, new Random(2));
        SoftmaxHead.Result r = head.lossAndGradients(y, new int[][] {{0, 1}, {2, 3}}, new int[] {2, 2});
        assertEquals(Math.log(5), r.loss(), 1e-6);
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        Random rng = new Random(3);
        SoftmaxHead head = new SoftmaxHead(4, 3, rng);
        double[][][] y = RandomArrays.sequence(3, 2, 3, rng);
        int[][] targets = {{1, 2}, {0, 3}, {2, -1}};
        int[] lengths = {3, 2};
        SoftmaxHead.Result r = head.lossAndGradients(y, targets, lengths);
        double eps = 1e-2;
        Tensor w = head.parameters().get("weight");
        for (int i = 0; i < w.size(); i++) {
            double saved = w.data()[i];
            w.data()[i] = saved + eps;
            double plus = head.lossAndGradients(y, targets, lengths).loss();
            w.data()[i] = saved - eps;
            double minus = head.lossAndGradients(y, targets, lengths).loss();
            w.data()[i] = saved;
            assertEquals((plus - minus) / (2 * eps), r.grads().get("weight").data()[i], 1e-3, "weight " + i);
        }
        double saved = y[1][0][2];
        y[1][0][2] = saved + eps;
        double plus = head.lossAndGradients(y, targets, lengths).loss();
        y[1][0][2] = saved - eps;
        double minus = head.lossAndGradients(y, targets, lengths).loss();
        y[1][0][2] = saved;
        assertEquals((plus - minus) / (2 * eps), r.dy()[1][0][2], 1e-3);
        assertTrue(r.dy()[2][1][0] == 0 && r.dy()[2][1][1] == 0, "positions past a sequence's end get no gradient");
    }

    @Test
    void aGivenGradientArrayIsFilledAsAFreshOneWouldBe() {
        Random rng = new Random(4);
        SoftmaxHead head = new SoftmaxHead(6, 5, rng);
        double[][][] y = RandomArrays.sequence(4, 3, 5, rng);
        int[][] targets = {{1, 2, 0}, {5, 3, 4}, {2, -1, 1}, {0, 0, 3}};
        int[] lengths = {4, 2, 3};
        double[][][] reused = new double[4][3][5];
        for (double[][] step : reused) {
            for (double[] row : step) {
                java.util.Arrays.fill(row, Double.NaN);
            }
        }
        SoftmaxHead.Result fresh = head.lossAndGradients(y, targets, lengths);
        SoftmaxHead.Result into = head.lossAndGradients(y, targets, lengths, reused);
        assertTrue(into.dy() == reused, "the result holds the given array");
        assertTrue(java.util.Arrays.deepEquals(fresh.dy(), reused), "every element is written, padding included");
        assertEquals(fresh.loss(), into.loss());
    }

    /** Several slices of positions and a weight gradient in parts: the same bits on any number of threads. */
    @Test
    void theSameBitsOnAnyNumberOfThreads() {
        double[][][] y = RandomArrays.sequence(20, 30, 64, new Random(5));
        int[][] targets = new int[20][30];
        Random r = new Random(6);
        for (int[] step : targets) {
            for (int b = 0; b < step.length; b++) {
                step[b] = r.nextInt(300);
            }
        }
        int[] lengths = new int[30];
        java.util.Arrays.fill(lengths, 20);
        lengths[7] = 11;
        SoftmaxHead.Result reference = null;
        for (int threads : new int[] {1, 2, 3, 8}) {
            SoftmaxHead head = new SoftmaxHead(300, 64, new Random(7), io.rnnc.runtime.kernels.WorkerPool.allAtOnce(threads));
            SoftmaxHead.Result result = head.lossAndGradients(y, targets, lengths);
            if (reference == null) {
                reference = result;
            }
            assertEquals(reference.loss(), result.loss(), threads + " threads");
            assertTrue(java.util.Arrays.deepEquals(reference.dy(), result.dy()), threads + " threads");
            for (String name : new String[] {"weight", "bias"}) {
                org.junit.jupiter.api.Assertions.assertArrayEquals(reference.grads().get(name).data(),
                        result.grads().get(name).data(), name + " on " + threads + " threads");
            }
        }
    }
}
