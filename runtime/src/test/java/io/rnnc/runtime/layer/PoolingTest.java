package io.rnnc.runtime.layer;

import static io.rnnc.runtime.layer.DenseTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.rnnc.runtime.tensor.RandomArrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Pooling reduces each sample over its valid steps only, and unpool is its exact gradient. */
class PoolingTest {
    /** Two samples, one feature and two: sample 1 is valid for 2 of the 3 steps. */
    private static final double[][][] Y = {
        {{1, -2}, {4, 0}},
        {{3, 5}, {-1, 7}},
        {{2, -4}, {100, 100}},
    };
    private static final int[] LENGTHS = {3, 2};

    @Test
    void poolsOverValidStepsOnly() {
        assertArrayEquals(new double[][] {{2, -4}, {-1, 7}}, Pooling.LAST.pool(Y, LENGTHS));
        assertArrayEquals(new double[][] {{2, -1 / 3.0}, {1.5, 3.5}}, Pooling.MEAN.pool(Y, LENGTHS));
        assertArrayEquals(new double[][] {{3, 5}, {4, 7}}, Pooling.MAX.pool(Y, LENGTHS));
    }

    @Test
    void unpoolRoutesTheGradientToTheStepsThatWerePooled() {
        double[][] d = {{10, 20}, {30, 40}};
        double[][][] last = Pooling.LAST.unpool(d, Y, LENGTHS);
        assertArrayEquals(new double[][][] {{{0, 0}, {0, 0}}, {{0, 0}, {30, 40}}, {{10, 20}, {0, 0}}}, last);
        double[][][] max = Pooling.MAX.unpool(d, Y, LENGTHS);
        assertArrayEquals(new double[][][] {{{0, 0}, {30, 0}}, {{10, 20}, {0, 40}}, {{0, 0}, {0, 0}}}, max);
        double[][][] mean = Pooling.MEAN.unpool(d, Y, LENGTHS);
        assertArrayEquals(new double[][][] {{{10 / 3.0, 20 / 3.0}, {15, 20}}, {{10 / 3.0, 20 / 3.0}, {15, 20}},
            {{10 / 3.0, 20 / 3.0}, {0, 0}}}, mean);
    }

    @Test
    void unpoolMatchesFiniteDifferences() {
        Random rng = new Random(31);
        int[] lengths = {4, 1, 3};
        double[][][] y = RandomArrays.sequence(4, 3, 3, rng);
        double[][] r = RandomArrays.matrix(3, 3, 1, rng);
        double eps = 1e-6;
        for (Pooling pooling : Pooling.values()) {
            double[][][] analytic = pooling.unpool(r, y, lengths);
            for (int t = 0; t < 4; t++) {
                for (int b = 0; b < 3; b++) {
                    for (int f = 0; f < 3; f++) {
                        double saved = y[t][b][f];
                        y[t][b][f] = saved + eps;
                        double plus = dot(pooling.pool(y, lengths), r);
                        y[t][b][f] = saved - eps;
                        double minus = dot(pooling.pool(y, lengths), r);
                        y[t][b][f] = saved;
                        assertEquals((plus - minus) / (2 * eps), analytic[t][b][f], 1e-8,
                                pooling + " at step " + t + ", sample " + b + ", feature " + f);
                    }
                }
            }
        }
    }

    private static double dot(double[][] a, double[][] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[i].length; j++) {
                s += a[i][j] * b[i][j];
            }
        }
        return s;
    }

    @Test
    void paddedValuesChangeNothing() {
        Random rng = new Random(32);
        int[] lengths = {4, 2};
        double[][][] y = RandomArrays.sequence(4, 2, 3, rng);
        double[][][] other = LayerCheck.withPaddingReplaced(y, lengths, rng);
        double[][] d = RandomArrays.matrix(2, 3, 1, rng);
        for (Pooling pooling : Pooling.values()) {
            assertArrayEquals(pooling.pool(y, lengths), pooling.pool(other, lengths), pooling.name());
            assertArrayEquals(pooling.unpool(d, y, lengths), pooling.unpool(d, other, lengths), pooling.name());
        }
    }

    @Test
    void rejectsEmptySamplesAndMisshapenGradients() {
        assertMessage(() -> Pooling.MEAN.pool(Y, new int[] {3, 0}), "sample 1 has no valid step");
        assertMessage(() -> Pooling.LAST.pool(Y, new int[] {3}), "samples");
        assertMessage(() -> Pooling.MAX.unpool(new double[1][2], Y, LENGTHS), "one row per sample");
        assertMessage(() -> Pooling.MAX.unpool(new double[2][3], Y, LENGTHS), "2 features");
    }
}
