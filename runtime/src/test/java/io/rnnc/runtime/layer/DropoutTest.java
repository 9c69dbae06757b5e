package io.rnnc.runtime.layer;

import static io.rnnc.runtime.layer.DenseTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rnnc.runtime.tensor.RandomArrays;
import io.rnnc.runtime.tensor.Tensor;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Dropout is the identity outside training and inverted, reproducible, mask-consistent dropout in it. */
class DropoutTest {
    private static final int[] LENGTHS = {4, 2, 3};

    /** A site of masks moved to step 0 of the run seeded {@code seed}. */
    static DropoutMasks.Site site(long seed) {
        DropoutMasks masks = new DropoutMasks();
        masks.moveTo(seed, 0, null);
        return masks.newSite();
    }

    private static double[][][] input(long seed) {
        return RandomArrays.sequence(4, 3, 50, new Random(seed));
    }

    @Test
    void evaluationIsTheIdentity() {
        double[][][] x = input(1);
        Dropout dropout = new Dropout(50, 0.5, false, site(2));
        double[][][] y = dropout.forward(x, LENGTHS, false).y();
        for (int t = 0; t < x.length; t++) {
            for (int b = 0; b < LENGTHS.length; b++) {
                double[] expected = t < LENGTHS[b] ? x[t][b] : new double[50];
                assertArrayEquals(expected, y[t][b], "step " + t + ", sample " + b);
            }
        }
        assertTrue(dropout.parameters().isEmpty());
    }

    @Test
    void trainingDropsAboutPAndScalesTheRest() {
        double p = 0.3;
        double[][][] x = RandomArrays.sequence(20, 5, 100, new Random(3));
        int[] lengths = {20, 20, 20, 20, 20};
        double[][][] y = new Dropout(100, p, false, site(4)).forward(x, lengths, true).y();
        int dropped = 0;
        int total = 0;
        for (int t = 0; t < 20; t++) {
            for (int b = 0; b < 5; b++) {
                for (int i = 0; i < 100; i++) {
                    total++;
                    if (y[t][b][i] == 0) {
                        dropped++;
                    } else {
                        assertEquals(x[t][b][i] / (1 - p), y[t][b][i], 1e-15, "a kept unit is scaled by 1/(1-p)");
                    }
                }
            }
        }
        assertEquals(p * total, dropped, 5 * Math.sqrt(total * p * (1 - p)), "units dropped, within 5 deviations");
    }

    @Test
    void variationalReusesOneMaskPerSample() {
        double[][][] x = input(5);
        double[][][] y = new Dropout(50, 0.5, true, site(6)).forward(x, LENGTHS, true).y();
        for (int b = 0; b < LENGTHS.length; b++) {
            double[] mask = factors(x[0][b], y[0][b]);
            for (int t = 1; t < LENGTHS[b]; t++) {
                assertArrayEquals(mask, factors(x[t][b], y[t][b]), 1e-12, "sample " + b + " at step " + t);
            }
        }
        assertNotEquals(Arrays.toString(factors(x[0][0], y[0][0])),
                Arrays.toString(factors(x[0][1], y[0][1])), "samples draw their own masks");
    }

    @Test
    void standardDropoutDrawsAFreshMaskPerStep() {
        double[][][] x = input(7);
        double[][][] y = new Dropout(50, 0.5, false, site(8)).forward(x, LENGTHS, true).y();
        assertNotEquals(Arrays.toString(factors(x[0][0], y[0][0])),
                Arrays.toString(factors(x[1][0], y[1][0])));
    }

    /** The factor each unit was multiplied by (inputs are Gaussian, so never exactly 0). */
    private static double[] factors(double[] x, double[] y) {
        double[] f = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            f[i] = y[i] / x[i];
        }
        return f;
    }

    @Test
    void backwardUsesTheForwardMask() {
        for (boolean variational : new boolean[] {false, true}) {
            double[][][] x = input(9);
            Dropout dropout = new Dropout(50, 0.4, variational, site(10));
            SequenceLayer.Pass pass = dropout.forward(x, LENGTHS, true);
            double[][][] dy = RandomArrays.sequence(4, 3, 50, new Random(11));
            double[][][] dx = dropout.backward(pass, dy, new HashMap<>());
            for (int t = 0; t < x.length; t++) {
                for (int b = 0; b < LENGTHS.length; b++) {
                    for (int i = 0; i < 50; i++) {
                        double factor = t < LENGTHS[b] ? pass.y()[t][b][i] / x[t][b][i] : 0;
                        assertEquals(dy[t][b][i] * factor, dx[t][b][i], 1e-12);
                    }
                }
            }
        }
    }

    @Test
    void gradientsMatchFiniteDifferencesUnderAFixedSeed() {
        double[][][] x = RandomArrays.sequence(3, 2, 4, new Random(12));
        for (boolean variational : new boolean[] {false, true}) {
            LayerCheck check = new LayerCheck(() -> new Dropout(4, 0.5, variational, site(13)), true);
            check.assertGradients(x, new int[] {3, 2}, new Random(14));
            check.assertPaddingInvariance(x, new int[] {3, 1}, new Random(15));
        }
    }

    @Test
    void theSameSeedReproducesTheSameMasks() {
        double[][][] x = input(16);
        double[][][] a = new Dropout(50, 0.5, false, site(17)).forward(x, LENGTHS, true).y();
        double[][][] b = new Dropout(50, 0.5, false, site(17)).forward(x, LENGTHS, true).y();
        for (int t = 0; t < a.length; t++) {
            for (int s = 0; s < LENGTHS.length; s++) {
                assertArrayEquals(a[t][s], b[t][s]);
            }
        }
    }

    /** Samples 2 and 0 of a batch, alone in a batch of their own, are dropped as they were in the whole batch. */
    @Test
    void aShareOfABatchIsDroppedAsInTheWholeBatch() {
        for (boolean variational : new boolean[] {false, true}) {
            DropoutMasks masks = new DropoutMasks();
            Dropout dropout = new Dropout(50, 0.5, variational, masks.newSite());
            double[][][] x = input(20);
            masks.moveTo(21, 6, null);
            double[][][] whole = dropout.forward(x, LENGTHS, true).y();
            int[] share = {2, 0};
            double[][][] xs = new double[4][share.length][];
            for (int t = 0; t < 4; t++) {
                for (int b = 0; b < share.length; b++) {
                    xs[t][b] = x[t][share[b]];
                }
            }
            masks.moveTo(21, 6, share);
            double[][][] part = dropout.forward(xs, new int[] {LENGTHS[2], LENGTHS[0]}, true).y();
            for (int b = 0; b < share.length; b++) {
                for (int t = 0; t < LENGTHS[share[b]]; t++) {
                    assertArrayEquals(whole[t][share[b]], part[t][b], "sample " + share[b] + " at step " + t);
                }
            }
        }
    }

    @Test
    void zeroProbabilityIsTheIdentityEvenInTraining() {
        double[][][] x = input(18);
        double[][][] y = new Dropout(50, 0, true, site(19)).forward(x, LENGTHS, true).y();
        assertArrayEquals(x[1][0], y[1][0]);
    }

    @Test
    void rejectsProbabilitiesOutsideZeroToOne() {
        assertMessage(() -> new Dropout(4, 1, false, site(1)), "[0, 1)");
        assertMessage(() -> new Dropout(4, -0.1, false, site(1)), "[0, 1)");
        assertMessage(() -> new Dropout(4, Double.NaN, false, site(1)), "[0, 1)");
        assertMessage(() -> new Dropout(0, 0.5, false, site(1)), "positive");
        Dropout dropout = new Dropout(4, 0.5, false, site(1));
        Map<String, Tensor> grads = new HashMap<>();
        assertMessage(() -> dropout.backward(null, new double[1][1][4], grads), "own forward");
    }
}
