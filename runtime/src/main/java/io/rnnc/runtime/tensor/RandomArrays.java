package io.rnnc.runtime.tensor;

import java.util.Random;

/** Arrays of Gaussian noise, for benchmarks, checks and tests that need random data. */
public final class RandomArrays {
    private RandomArrays() {
    }

    /** {@code [rows][cols]} drawn from N(0, scale²). */
    public static double[][] matrix(int rows, int cols, double scale, Random rng) {
        double[][] a = new double[rows][cols];
        for (double[] row : a) {
            for (int i = 0; i < cols; i++) {
                row[i] = scale * rng.nextGaussian();
            }
        }
        return a;
    }

    /** {@code [steps][rows][cols]} drawn from N(0, 1). */
    public static double[][][] sequence(int steps, int rows, int cols, Random rng) {
        double[][][] a = new double[steps][][];
        for (int t = 0; t < steps; t++) {
            a[t] = matrix(rows, cols, 1, rng);
        }
        return a;
    }
}
