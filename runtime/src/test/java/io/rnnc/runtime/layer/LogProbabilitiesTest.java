package io.rnnc.runtime.layer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The log of a cell's probabilities: its values, its gradient, and padding that changes nothing. */
class LogProbabilitiesTest {
    private static final int[] LENGTHS = {3, 1, 2};

    private static double[][][] probabilities(Random rng) {
        double[][][] x = new double[3][3][4];
        for (double[][] step : x) {
            for (double[] row : step) {
                for (int i = 0; i < row.length; i++) {
                    row[i] = 0.05 + rng.nextDouble();
                }
            }
        }
        return x;
    }

    @Test
    void logOfEachProbability() {
        double[][][] x = {{{0.25, 0.75, 0, 1}}};
        double[] y = new LogProbabilities(4).forward(x, new int[] {1}, false).y()[0][0];
        assertEquals(Math.log(0.25), y[0], 1e-15);
        assertEquals(Math.log(0.75), y[1], 1e-15);
        assertEquals(Math.log(LogProbabilities.FLOOR), y[2], 1e-12, "zero costs a large, finite loss");
        assertEquals(0, y[3]);
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        Random rng = new Random(3);
        LayerCheck check = new LayerCheck(() -> new LogProbabilities(4), false);
        check.assertGradients(probabilities(rng), LENGTHS, rng);
        check.assertPaddingInvariance(probabilities(rng), LENGTHS, rng);
    }
}
