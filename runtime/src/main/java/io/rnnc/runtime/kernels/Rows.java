package io.rnnc.runtime.kernels;

/**
 * Whole-vector operations on one row, called by generated kernels: reductions and softmax
 * over {@code w} elements starting at an offset.
 */
public final class Rows {
    private Rows() {
    }

    public static double sum(double[] a, int off, int w) {
        double s = 0;
        for (int i = 0; i < w; i++) {
            s += a[off + i];
        }
        return s;
    }

    public static float sum(float[] a, int off, int w) {
        float s = 0;
        for (int i = 0; i < w; i++) {
            s += a[off + i];
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
