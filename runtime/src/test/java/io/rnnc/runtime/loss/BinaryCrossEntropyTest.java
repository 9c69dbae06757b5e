package io.rnnc.runtime.loss;

import static io.rnnc.runtime.layer.TorchCases.as;
import static io.rnnc.runtime.layer.TorchCases.assertClose;
import static io.rnnc.runtime.loss.SoftmaxCrossEntropyTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.rnnc.runtime.layer.TorchCases;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Binary cross-entropy on logits agrees with PyTorch, ignores padding and is stable for large logits. */
class BinaryCrossEntropyTest {

    @Test
    void perStepMatchesPyTorch() {
        int i = 0;
        for (JsonElement e : TorchCases.load("/loss/cases.json").getAsJsonArray("bce_per_step")) {
            JsonObject c = e.getAsJsonObject();
            StepLoss loss = BinaryCrossEntropy.perStep(as(c.get("pred"), double[][][].class),
                    as(c.get("targets"), double[][][].class), as(c.get("lengths"), int[].class),
                    Reduction.valueOf(c.get("reduction").getAsString()));
            assertClose(c.get("value").getAsDouble(), loss.value(), "case " + i + " value");
            assertClose(as(c.get("gradient"), double[][][].class), loss.gradient(), "case " + i + " gradient");
            i++;
        }
    }

    @Test
    void perSequenceMatchesPyTorch() {
        int i = 0;
        for (JsonElement e : TorchCases.load("/loss/cases.json").getAsJsonArray("bce_per_sequence")) {
            JsonObject c = e.getAsJsonObject();
            SequenceLoss loss = BinaryCrossEntropy.perSequence(as(c.get("pred"), double[][].class),
                    as(c.get("targets"), double[][].class));
            assertClose(c.get("value").getAsDouble(), loss.value(), "case " + i + " value");
            assertClose(as(c.get("gradient"), double[][].class), loss.gradient(), "case " + i + " gradient");
            i++;
        }
    }

    @Test
    void isTheSeedFormulaAndStaysFiniteForLargeLogits() {
        double z = 0.8;
        double y = 1;
        double yHat = 1 / (1 + Math.exp(-z));
        double expected = -(y * Math.log(yHat) + (1 - y) * Math.log(1 - yHat));
        assertEquals(expected, BinaryCrossEntropy.perSequence(new double[][] {{z}}, new double[][] {{y}}).value(),
                1e-15);
        SequenceLoss extreme = BinaryCrossEntropy.perSequence(new double[][] {{1000, -1000}}, new double[][] {{0, 0}});
        assertEquals(500, extreme.value(), 1e-12);
        assertArrayEquals(new double[] {0.5, 0}, extreme.gradient()[0], 1e-15);
    }

    @Test
    void paddedPositionsCountForNothing() {
        double[][][] logits = {{{0.3}, {-0.2}}, {{1.1}, {Double.NaN}}};
        double[][][] targets = {{{1}, {0}}, {{0}, {7}}};
        StepLoss loss = BinaryCrossEntropy.perStep(logits, targets, new int[] {2, 1}, Reduction.MEAN);
        double[][][] valid = {{{0.3}, {-0.2}}, {{1.1}, {0}}};
        double[][][] validTargets = {{{1}, {0}}, {{0}, {0}}};
        double expected = BinaryCrossEntropy.perSequence(new double[][] {{0.3, -0.2, 1.1}},
                new double[][] {{1, 0, 0}}).value();
        assertEquals(expected, loss.value(), 1e-15);
        assertArrayEquals(new double[] {0}, loss.gradient()[1][1]);
        assertEquals(Arrays.deepToString(BinaryCrossEntropy.perStep(valid, validTargets, new int[] {2, 1},
                Reduction.MEAN).gradient()), Arrays.deepToString(loss.gradient()));
    }

    @Test
    void rejectsTargetsOutsideZeroToOneAndMisshapenInput() {
        assertMessage(() -> BinaryCrossEntropy.perSequence(new double[][] {{0.1}}, new double[][] {{1.5}}), "[0, 1]");
        assertMessage(() -> BinaryCrossEntropy.perSequence(new double[][] {{0.1}}, new double[][] {{Double.NaN}}),
                "[0, 1]");
        assertMessage(() -> BinaryCrossEntropy.perSequence(new double[][] {{0.1, 2}}, new double[][] {{1}}),
                "2 entries");
        assertMessage(() -> BinaryCrossEntropy.perStep(new double[1][1][2], new double[2][1][2], new int[] {1},
                Reduction.MEAN), "as many steps");
    }
}
