package io.rnnc.runtime.loss;

import static io.rnnc.runtime.layer.TorchCases.as;
import static io.rnnc.runtime.layer.TorchCases.assertClose;
import static io.rnnc.runtime.loss.SoftmaxCrossEntropyTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.rnnc.runtime.layer.TorchCases;
import org.junit.jupiter.api.Test;

/** Mean squared error agrees with PyTorch's mse_loss over the valid elements. */
class MeanSquaredErrorTest {

    @Test
    void perStepMatchesPyTorch() {
        int i = 0;
        for (JsonElement e : TorchCases.load("/loss/cases.json").getAsJsonArray("mse_per_step")) {
            JsonObject c = e.getAsJsonObject();
            StepLoss loss = MeanSquaredError.perStep(as(c.get("pred"), double[][][].class),
                    as(c.get("targets"), double[][][].class), as(c.get("lengths"), int[].class),
                    Reduction.valueOf(c.get("reduction").getAsString()));
            assertClose(c.get("value").getAsDouble(), loss.value(), "case " + i + " value");
            assertClose(as(c.get("gradient"), double[][][].class), loss.gradient(), "case " + i + " gradient");
            i++;
        }
    }

    @Test
    void perSequenceMatchesPyTorch() {
        for (JsonElement e : TorchCases.load("/loss/cases.json").getAsJsonArray("mse_per_sequence")) {
            JsonObject c = e.getAsJsonObject();
            SequenceLoss loss = MeanSquaredError.perSequence(as(c.get("pred"), double[][].class),
                    as(c.get("targets"), double[][].class));
            assertClose(c.get("value").getAsDouble(), loss.value(), "value");
            assertClose(as(c.get("gradient"), double[][].class), loss.gradient(), "gradient");
        }
    }

    @Test
    void sumIsOverTimeAndFeaturesAveragedOverTheBatch() {
        double[][][] pred = {{{1, 2}, {0, 0}}, {{3, 0}, {5, 5}}};
        double[][][] targets = new double[2][2][2];
        StepLoss sum = MeanSquaredError.perStep(pred, targets, new int[] {2, 1}, Reduction.SUM);
        assertEquals((1 + 4 + 9) / 2.0, sum.value(), 1e-15);
        assertArrayEquals(new double[] {1, 2}, sum.gradient()[0][0]);
        assertArrayEquals(new double[] {0, 0}, sum.gradient()[1][1]);
        StepLoss mean = MeanSquaredError.perStep(pred, targets, new int[] {2, 1}, Reduction.MEAN);
        assertEquals((1 + 4 + 9) / 6.0, mean.value(), 1e-15);
    }

    @Test
    void rejectsMisshapenInput() {
        assertMessage(() -> MeanSquaredError.perSequence(new double[][] {{1}, {2}}, new double[][] {{1}}),
                "one row per sample");
        assertMessage(() -> MeanSquaredError.perStep(new double[2][1][2], new double[2][1][2], new int[] {1, 1},
                Reduction.MEAN), "one row per sample");
        assertMessage(() -> MeanSquaredError.perStep(new double[2][1][2], new double[2][1][2], new int[] {1}, null),
                "reduction");
    }
}
