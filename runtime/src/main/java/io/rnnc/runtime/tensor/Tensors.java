package io.rnnc.runtime.tensor;

/** Conversions between rank-3 tensors and the {@code [T][B][features]} arrays the engine uses. */
public final class Tensors {
    private Tensors() {
    }

    /** A rank-3 tensor as nested arrays (copied). */
    public static double[][][] toArray3(Tensor t) {
        int a = t.dim(0);
        int b = t.dim(1);
        int c = t.dim(2);
        double[][][] out = new double[a][b][c];
        double[] d = t.data();
        for (int i = 0; i < a; i++) {
            for (int j = 0; j < b; j++) {
                System.arraycopy(d, (i * b + j) * c, out[i][j], 0, c);
            }
        }
        return out;
    }

    /** Nested arrays as a rank-3 tensor {@code [a][b][c]} (copied); {@code c} is used when a or b is 0. */
    public static Tensor fromArray3(double[][][] v, int c) {
        int a = v.length;
        int b = a == 0 ? 0 : v[0].length;
        double[] d = new double[a * b * c];
        for (int i = 0; i < a; i++) {
            for (int j = 0; j < b; j++) {
                System.arraycopy(v[i][j], 0, d, (i * b + j) * c, c);
            }
        }
        return new Tensor(new int[] {a, b, c}, d);
    }

    /** The index of the first value of {@code values} that is NaN or infinite, or −1 when all are finite. */
    public static int firstNonFinite(double[] values) {
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                return i;
            }
        }
        return -1;
    }
}
