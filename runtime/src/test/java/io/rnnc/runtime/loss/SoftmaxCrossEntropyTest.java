package io.rnnc.runtime.loss;

import static io.rnnc.runtime.layer.TorchCases.as;
import static io.rnnc.runtime.layer.TorchCases.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.rnnc.runtime.layer.TorchCases;
import io.rnnc.runtime.tensor.RandomArrays;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Softmax cross-entropy agrees with PyTorch, counts only valid positions, and stays finite. */
class SoftmaxCrossEntropyTest {

    @Test
    void perStepMatchesPyTorch() {
        int i = 0;
        for (JsonElement e : TorchCases.load("/loss/cases.json").getAsJsonArray("softmax_per_step")) {
            JsonObject c = e.getAsJsonObject();
            StepLoss loss = SoftmaxCrossEntropy.perStep(as(c.get("logits"), double[][][].class),
                    as(c.get("targets"), int[][].class), as(c.get("lengths"), int[].class),
                    Reduction.valueOf(c.get("reduction").getAsString()));
            assertClose(c.get("value").getAsDouble(), loss.value(), "case " + i + " value");
            assertClose(as(c.get("gradient"), double[][][].class), loss.gradient(), "case " + i + " gradient");
            i++;
        }
    }

    @Test
    void perSequenceMatchesPyTorch() {
        int i = 0;
        for (JsonElement e : TorchCases.load("/loss/cases.json").getAsJsonArray("softmax_per_sequence")) {
            JsonObject c = e.getAsJsonObject();
            SequenceLoss loss = SoftmaxCrossEntropy.perSequence(as(c.get("logits"), double[][].class),
                    as(c.get("labels"), int[].class));
            assertClose(c.get("value").getAsDouble(), loss.value(), "case " + i + " value");
            assertClose(as(c.get("gradient"), double[][].class), loss.gradient(), "case " + i + " gradient");
            i++;
        }
    }

    @Test
    void uncountedPositionsChangeNothing() {
        Random rng = new Random(51);
        double[][][] logits = RandomArrays.sequence(3, 2, 4, rng);
        int[][] targets = {{1, 2}, {3, -1}, {0, 1}};
        int[] lengths = {3, 2};
        StepLoss loss = SoftmaxCrossEntropy.perStep(logits, targets, lengths, Reduction.MEAN);
        // Step 2 of sample 1 is padding and step 1 of sample 1 is skipped: neither may matter.
        Arrays.fill(logits[2][1], Double.NaN);
        logits[1][1][0] = 1e6;
        int[][] otherTargets = {{1, 2}, {3, -1}, {0, 99}};
        StepLoss again = SoftmaxCrossEntropy.perStep(logits, otherTargets, lengths, Reduction.MEAN);
        assertEquals(loss.value(), again.value());
        assertArrayEquals(new double[4], again.gradient()[2][1]);
        assertArrayEquals(new double[4], again.gradient()[1][1]);
    }

    @Test
    void meanAndSumDifferByTheirDivisor() {
        Random rng = new Random(52);
        double[][][] logits = RandomArrays.sequence(4, 3, 5, rng);
        int[][] targets = {{0, 1, 2}, {3, 4, -1}, {0, 1, 2}, {3, 4, 0}};
        int[] lengths = {4, 2, 3};
        int counted = 4 + 2 + 2;
        double mean = SoftmaxCrossEntropy.perStep(logits, targets, lengths, Reduction.MEAN).value();
        double sum = SoftmaxCrossEntropy.perStep(logits, targets, lengths, Reduction.SUM).value();
        assertEquals(mean * counted / 3, sum, 1e-12);
    }

    @Test
    void nothingCountedGivesZero() {
        StepLoss loss = SoftmaxCrossEntropy.perStep(new double[2][1][3], new int[][] {{-1}, {-1}}, new int[] {2},
                Reduction.MEAN);
        assertEquals(0, loss.value());
        assertArrayEquals(new double[3], loss.gradient()[0][0]);
    }

    @Test
    void softmaxIsStableAndNormalized() {
        double[] p = SoftmaxCrossEntropy.softmax(new double[] {1000, 1000 + Math.log(3), -1000});
        // 1000 + log 3 is itself rounded at 1e-13, which bounds the accuracy here.
        assertEquals(0.25, p[0], 1e-12);
        assertEquals(0.75, p[1], 1e-12);
        assertEquals(0, p[2]);
        double loss = SoftmaxCrossEntropy.perSequence(new double[][] {{-800, 800}}, new int[] {0}).value();
        assertEquals(1600, loss, 1e-9);
    }

    @Test
    void rejectsBadTargetsAndShapes() {
        double[][][] logits = new double[2][2][3];
        int[] lengths = {2, 1};
        assertMessage(() -> SoftmaxCrossEntropy.perStep(logits, new int[][] {{0, 3}, {1, 0}}, lengths, Reduction.MEAN),
                "step 0, sample 1 is 3");
        assertMessage(() -> SoftmaxCrossEntropy.perStep(logits, new int[][] {{0, -2}, {1, 0}}, lengths, Reduction.SUM),
                "neither a class");
        assertMessage(() -> SoftmaxCrossEntropy.perStep(logits, new int[][] {{0, 1}}, lengths, Reduction.SUM),
                "as many steps");
        assertMessage(() -> SoftmaxCrossEntropy.perStep(logits, new int[][] {{0, 1}, {0, 1}}, new int[] {3, 1},
                Reduction.SUM), "length 3");
        assertMessage(() -> SoftmaxCrossEntropy.perStep(logits, new int[][] {{0, 1}, {0, 1}}, lengths, null),
                "reduction");
        assertMessage(() -> SoftmaxCrossEntropy.perSequence(new double[][] {{1, 2}, {3}}, new int[] {0, 0}),
                "sample 1");
        assertMessage(() -> SoftmaxCrossEntropy.perSequence(new double[][] {{1, 2}}, new int[] {2}), "label");
        assertMessage(() -> SoftmaxCrossEntropy.softmax(new double[0]), "at least one");
    }

    /** Asserts an IllegalArgumentException whose message contains {@code fragment}. */
    static void assertMessage(Executable call, String fragment) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(fragment), "message '" + e.getMessage() + "' mentions " + fragment);
    }
}
