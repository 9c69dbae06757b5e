package io.rnnc.runtime.data;

/** One-hot vectors of token or class ids (seed 000's one-hot encoder). */
public final class OneHot {
    private OneHot() {
    }

    /** A sequence of ids as {@code [T][size]} one-hot rows. */
    public static double[][] sequence(int[] ids, int size) {
        double[][] x = new double[ids.length][size];
        for (int t = 0; t < ids.length; t++) {
            if (ids[t] < 0 || ids[t] >= size) {
                throw new IllegalArgumentException("id " + ids[t] + " is outside [0, " + size + ")");
            }
            x[t][ids[t]] = 1;
        }
        return x;
    }
}
