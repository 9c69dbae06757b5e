package io.rnnc.runtime.layer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rnnc.runtime.tensor.RandomArrays;
import io.rnnc.runtime.tensor.Tensor;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Checks a {@link SequenceLayer}'s backward pass against central finite differences in float64,
 * for the loss L = Σ y·r with random r (also at padded positions, where it must not matter), and
 * checks that padded positions influence nothing.
 *
 * <p>The layer comes from a supplier so that a layer drawing random masks can be rebuilt with the
 * same seed for every evaluation; a layer without randomness is supplied as itself.
 */
final class LayerCheck {
    private static final double EPS = 1e-4;
    /** Relative error allowed between the analytic and the five-point numeric gradient. */
    static final double GRADIENT_TOLERANCE = 1e-7;

    private final Supplier<SequenceLayer> layers;
    private final boolean training;

    LayerCheck(Supplier<SequenceLayer> layers, boolean training) {
        this.layers = layers;
        this.training = training;
    }

    /** Asserts that dL/dx and dL/dparameter agree with finite differences for every element. */
    void assertGradients(double[][][] x, int[] lengths, Random rng) {
        SequenceLayer layer = layers.get();
        double[][][] r = RandomArrays.sequence(x.length, lengths.length, layer.outputSize(), rng);
        Map<String, Tensor> grads = new HashMap<>();
        double[][][] dx = layer.backward(layer.forward(x, lengths, training), r, grads);
        for (int t = 0; t < x.length; t++) {
            for (int b = 0; b < lengths.length; b++) {
                assertRelativelyClose(numeric(x[t][b], x, lengths, r), dx[t][b], "x at step " + t + ", sample " + b);
            }
        }
        for (Map.Entry<String, Tensor> p : layer.parameters().entrySet()) {
            double[] analytic = grads.get(p.getKey()).data();
            assertRelativelyClose(numeric(p.getValue().data(), x, lengths, r), analytic, p.getKey());
        }
    }

    /**
     * Asserts that outputs are 0 at padding, dx is 0 at padding, and that replacing the inputs and
     * the upstream gradient at padded positions changes neither the outputs nor any gradient.
     */
    void assertPaddingInvariance(double[][][] x, int[] lengths, Random rng) {
        SequenceLayer probe = layers.get();
        double[][][] dy = RandomArrays.sequence(x.length, lengths.length, probe.outputSize(), rng);
        Result first = run(x, lengths, dy);
        double[][][] otherX = withPaddingReplaced(x, lengths, rng);
        double[][][] otherDy = withPaddingReplaced(dy, lengths, rng);
        Result second = run(otherX, lengths, otherDy);
        for (int t = 0; t < x.length; t++) {
            for (int b = 0; b < lengths.length; b++) {
                assertArrayEquals(first.y[t][b], second.y[t][b], "y at step " + t + ", sample " + b);
                assertArrayEquals(first.dx[t][b], second.dx[t][b], "dx at step " + t + ", sample " + b);
                if (t >= lengths[b]) {
                    assertTrue(isZero(first.y[t][b]), "y is zero at padded step " + t + " of sample " + b);
                    assertTrue(isZero(first.dx[t][b]), "dx is zero at padded step " + t + " of sample " + b);
                }
            }
        }
        assertEquals(first.grads.keySet(), second.grads.keySet());
        first.grads.forEach((name, g) -> assertArrayEquals(g.data(), second.grads.get(name).data(), name));
    }

    private record Result(double[][][] y, double[][][] dx, Map<String, Tensor> grads) {
    }

    private Result run(double[][][] x, int[] lengths, double[][][] dy) {
        SequenceLayer layer = layers.get();
        SequenceLayer.Pass pass = layer.forward(x, lengths, training);
        Map<String, Tensor> grads = new HashMap<>();
        double[][][] dx = layer.backward(pass, dy, grads);
        return new Result(pass.y(), dx, grads);
    }

    /** A copy of {@code v} with fresh large values at every padded position. */
    static double[][][] withPaddingReplaced(double[][][] v, int[] lengths, Random rng) {
        double[][][] out = new double[v.length][lengths.length][];
        for (int t = 0; t < v.length; t++) {
            for (int b = 0; b < lengths.length; b++) {
                out[t][b] = v[t][b].clone();
                if (t >= lengths[b]) {
                    for (int i = 0; i < out[t][b].length; i++) {
                        out[t][b][i] = 100 * rng.nextGaussian();
                    }
                }
            }
        }
        return out;
    }

    private static boolean isZero(double[] v) {
        for (double d : v) {
            if (d != 0) {
                return false;
            }
        }
        return true;
    }

    /** Five-point central differences of L w.r.t. each element of {@code values}, perturbed in place. */
    private double[] numeric(double[] values, double[][][] x, int[] lengths, double[][][] r) {
        double[] out = new double[values.length];
        double[] offsets = {2 * EPS, EPS, -EPS, -2 * EPS};
        for (int i = 0; i < values.length; i++) {
            double saved = values[i];
            double[] at = new double[4];
            for (int k = 0; k < 4; k++) {
                values[i] = saved + offsets[k];
                at[k] = loss(x, lengths, r);
            }
            values[i] = saved;
            out[i] = ((at[3] - at[0]) + 8 * (at[1] - at[2])) / (12 * EPS);
        }
        return out;
    }

    private double loss(double[][][] x, int[] lengths, double[][][] r) {
        double[][][] y = layers.get().forward(x, lengths, training).y();
        double sum = 0;
        for (int t = 0; t < y.length; t++) {
            for (int b = 0; b < y[t].length; b++) {
                for (int i = 0; i < y[t][b].length; i++) {
                    sum += y[t][b][i] * r[t][b][i];
                }
            }
        }
        return sum;
    }

    /** |analytic − numeric| ≤ tolerance × max(largest magnitude, 1). */
    private static void assertRelativelyClose(double[] numeric, double[] analytic, String what) {
        assertEquals(numeric.length, analytic.length, what + ": size");
        double scale = 1;
        for (int i = 0; i < numeric.length; i++) {
            scale = Math.max(scale, Math.max(Math.abs(numeric[i]), Math.abs(analytic[i])));
        }
        for (int i = 0; i < numeric.length; i++) {
            assertEquals(numeric[i], analytic[i], GRADIENT_TOLERANCE * scale, what + "[" + i + "]");
        }
    }
}
