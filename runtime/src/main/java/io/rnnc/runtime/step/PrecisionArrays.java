package io.rnnc.runtime.step;

import java.util.Arrays;

/**
 * The arrays of a running plan, {@code float[]} or {@code double[]} as its precision says, and
 * the copies between them and the {@code double[]} the API speaks.
 */
final class PrecisionArrays {
    private PrecisionArrays() {
    }

    /** A {@code double[n]} for float64, else a {@code float[n]}. */
    static Object alloc(boolean f64, int n) {
        return f64 ? new double[n] : new float[n];
    }

    /** The table of arrays the kernels index: a {@code double[][]} or a {@code float[][]}. */
    static Object table(boolean f64, Object[] arrays, int[] arrayOfBuffer) {
        Object table = f64 ? new double[arrayOfBuffer.length][] : new float[arrayOfBuffer.length][];
        for (int k = 0; k < arrayOfBuffer.length; k++) {
            java.lang.reflect.Array.set(table, k, arrays[arrayOfBuffer[k]]);
        }
        return table;
    }

    static void copyIn(double[] src, int from, Object dst, int at, int n) {
        if (dst instanceof double[] d) {
            System.arraycopy(src, from, d, at, n);
        } else {
            float[] f = (float[]) dst;
            for (int i = 0; i < n; i++) {
                f[at + i] = (float) src[from + i];
            }
        }
    }

    static void copyOut(Object src, int from, double[] dst, int at, int n) {
        if (src instanceof double[] d) {
            System.arraycopy(d, from, dst, at, n);
        } else {
            float[] f = (float[]) src;
            for (int i = 0; i < n; i++) {
                dst[at + i] = f[from + i];
            }
        }
    }

    static void set(Object a, int i, double v) {
        if (a instanceof double[] d) {
            d[i] = v;
        } else {
            ((float[]) a)[i] = (float) v;
        }
    }

    static void fill(Object a, int from, int to, double v) {
        if (a instanceof double[] d) {
            Arrays.fill(d, from, to, v);
        } else {
            Arrays.fill((float[]) a, from, to, (float) v);
        }
    }

    static int length(Object a) {
        return java.lang.reflect.Array.getLength(a);
    }
}
