package io.rnnc.runtime.kernels;

/**
 * Whole-vector operations on one row, called by generated kernels: reductions and softmax
 * over {@code w} elements starting at an offset.
 */
public final class Rows {
    /** The number of partial sums of a float32 row sum. */
    static final int PARTIALS = 16;

    private Rows() {
    }

    public static double sum(double[] a, int off, int w) {
        double s = 0;
        for (int i = 0; i < w; i++) {
            s += a[off + i];
        }
        return s;
    }

    /**
     * The float32 sum of a row, in the order {@link LaneSums} keeps a vector at a time, so that
     * vector and scalar kernels give the same bits: element i of the first {@code w - w % 16}
     * goes to partial sum {@code i % 16}, the 16 partials are added pairwise as a tree
     * ({@link #fold16}), and the remaining elements are added to that one by one. Sixteen
     * independent sums also keep the processor's adders busy where one would wait on itself.
     */
    public static float sum(float[] a, int off, int w) {
        int whole = w - w % PARTIALS;
        float p0 = 0, p1 = 0, p2 = 0, p3 = 0, p4 = 0, p5 = 0, p6 = 0, p7 = 0;
        float p8 = 0, p9 = 0, p10 = 0, p11 = 0, p12 = 0, p13 = 0, p14 = 0, p15 = 0;
        for (int i = off; i < off + whole; i += PARTIALS) {
            p0 += a[i];
            p1 += a[i + 1];
            p2 += a[i + 2];
            p3 += a[i + 3];
            p4 += a[i + 4];
            p5 += a[i + 5];
            p6 += a[i + 6];
            p7 += a[i + 7];
            p8 += a[i + 8];
            p9 += a[i + 9];
            p10 += a[i + 10];
            p11 += a[i + 11];
            p12 += a[i + 12];
            p13 += a[i + 13];
            p14 += a[i + 14];
            p15 += a[i + 15];
        }
        float s = fold16(p0, p1, p2, p3, p4, p5, p6, p7, p8, p9, p10, p11, p12, p13, p14, p15);
        return addTail(s, a, off + whole, w - whole);
    }

    /** Sixteen partial sums added as a tree: partial j to partial j + 8, then the same over the eight. */
    static float fold16(float p0, float p1, float p2, float p3, float p4, float p5, float p6, float p7, float p8,
            float p9, float p10, float p11, float p12, float p13, float p14, float p15) {
        return fold8(p0 + p8, p1 + p9, p2 + p10, p3 + p11, p4 + p12, p5 + p13, p6 + p14, p7 + p15);
    }

    static float fold8(float q0, float q1, float q2, float q3, float q4, float q5, float q6, float q7) {
        return fold4(q0 + q4, q1 + q5, q2 + q6, q3 + q7);
    }

    static float fold4(float r0, float r1, float r2, float r3) {
        return (r0 + r2) + (r1 + r3);
    }

    /** {@code s} plus the {@code n} elements from {@code from}, one by one. */
    static float addTail(float s, float[] a, int from, int n) {
        for (int i = from; i < from + n; i++) {
            s += a[i];
        }
        return s;
    }

    public static double max(double[] a, int off, int w) {
        double m = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < w; i++) {
            m = Math.max(m, a[off + i]);
        }
        return m;
    }

    public static float max(float[] a, int off, int w) {
        float m = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < w; i++) {
            m = Math.max(m, a[off + i]);
        }
        return m;
    }

    public static double min(double[] a, int off, int w) {
        double m = Double.POSITIVE_INFINITY;
        for (int i = 0; i < w; i++) {
            m = Math.min(m, a[off + i]);
        }
        return m;
    }

    public static float min(float[] a, int off, int w) {
        float m = Float.POSITIVE_INFINITY;
        for (int i = 0; i < w; i++) {
            m = Math.min(m, a[off + i]);
        }
        return m;
    }

    /** out[outOff..] = softmax(a[off..]), stable (the maximum is subtracted first). */
    public static void softmax(double[] a, int off, int w, double[] out, int outOff) {
        double m = max(a, off, w);
        double s = 0;
        for (int i = 0; i < w; i++) {
            double e = Math.exp(a[off + i] - m);
            out[outOff + i] = e;
            s += e;
        }
        for (int i = 0; i < w; i++) {
            out[outOff + i] /= s;
        }
    }

    public static void softmax(float[] a, int off, int w, float[] out, int outOff) {
        float m = max(a, off, w);
        float s = 0;
        for (int i = 0; i < w; i++) {
            float e = (float) Math.exp(a[off + i] - m);
            out[outOff + i] = e;
            s += e;
        }
        for (int i = 0; i < w; i++) {
            out[outOff + i] /= s;
        }
    }
}
