package io.rnnc.runtime.layer;

/**
 * The windows of steps a 1-D convolution reads: for the valid position (t, b) the window holds
 * x at steps {@code t − padBefore + j} for {@code j < kernel}, each feature {@code c} at column
 * {@code c·kernel + j} (the layout of a weight {@code [out][in][kernel]}). Steps before 0 or past
 * the sample's length read as zero.
 */
final class TimeWindows {
    private final ValidRows rows;
    private final int[] lengths;
    private final int features;
    private final int kernel;
    private final int padBefore;

    TimeWindows(ValidRows rows, int features, int kernel, int padBefore) {
        this.rows = rows;
        this.lengths = rows.lengths();
        this.features = features;
        this.kernel = kernel;
        this.padBefore = padBefore;
    }

    /** The width of one window, {@code features·kernel}. */
    int width() {
        return features * kernel;
    }

    /** The windows of every valid position as a packed {@code [rows][width()]} matrix. */
    double[] gather(double[][][] x) {
        int width = width();
        double[] out = new double[rows.count() * width];
        for (int r = 0; r < rows.count(); r++) {
            int b = rows.sample(r);
            for (int j = 0; j < kernel; j++) {
                int s = rows.step(r) - padBefore + j;
                if (s >= 0 && s < lengths[b]) {
                    double[] v = x[s][b];
                    for (int c = 0; c < features; c++) {
                        out[r * width + c * kernel + j] = v[c];
                    }
                }
            }
        }
        return out;
    }

    /**
     * The gradient w.r.t. x {@code [T][B][features]}: each window's gradient added back to the
     * steps it read; steps read as zero receive nothing.
     */
    double[][][] scatter(double[] dWindows) {
        int width = width();
        double[][][] dx = new double[rows.totalSteps()][rows.batch()][features];
        for (int r = 0; r < rows.count(); r++) {
            int b = rows.sample(r);
            for (int j = 0; j < kernel; j++) {
                int s = rows.step(r) - padBefore + j;
                if (s >= 0 && s < lengths[b]) {
                    double[] d = dx[s][b];
                    for (int c = 0; c < features; c++) {
                        d[c] += dWindows[r * width + c * kernel + j];
                    }
                }
            }
        }
        return dx;
    }
}
