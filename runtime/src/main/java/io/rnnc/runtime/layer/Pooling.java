package io.rnnc.runtime.layer;

/**
 * Reduces a padded batch of outputs {@code [T][B][F]} to one vector per sample {@code [B][F]}
 * over its valid steps, for many-to-one tasks such as classifying a whole sequence; and sends a
 * gradient back the other way.
 */
public enum Pooling {
    /** The output at the last valid step. */
    LAST {
        @Override
        void poolSample(double[][][] y, int b, int length, double[] out) {
            System.arraycopy(y[length - 1][b], 0, out, 0, out.length);
        }

        @Override
        void unpoolSample(double[] d, double[][][] y, int b, int length, double[][][] dy) {
            System.arraycopy(d, 0, dy[length - 1][b], 0, d.length);
        }
    },
    /** The mean over the valid steps. */
    MEAN {
        @Override
        void poolSample(double[][][] y, int b, int length, double[] out) {
            for (int t = 0; t < length; t++) {
                for (int f = 0; f < out.length; f++) {
                    out[f] += y[t][b][f];
                }
            }
            for (int f = 0; f < out.length; f++) {
                out[f] /= length;
            }
        }

        @Override
        void unpoolSample(double[] d, double[][][] y, int b, int length, double[][][] dy) {
            for (int t = 0; t < length; t++) {
                for (int f = 0; f < d.length; f++) {
                    dy[t][b][f] = d[f] / length;
                }
            }
        }
    },
    /** The maximum over the valid steps, feature by feature; its gradient goes to the first maximal step. */
    MAX {
        @Override
        void poolSample(double[][][] y, int b, int length, double[] out) {
            for (int f = 0; f < out.length; f++) {
                out[f] = y[firstMaxStep(y, b, length, f)][b][f];
            }
        }

        @Override
        void unpoolSample(double[] d, double[][][] y, int b, int length, double[][][] dy) {
            for (int f = 0; f < d.length; f++) {
                dy[firstMaxStep(y, b, length, f)][b][f] = d[f];
            }
        }
    };

    /** Writes the pooled vector of sample {@code b}, whose length is at least 1, into {@code out} (zeros). */
    abstract void poolSample(double[][][] y, int b, int length, double[] out);

    /** Writes the gradient of sample {@code b}'s pooled vector back into {@code dy} (zeros). */
    abstract void unpoolSample(double[] d, double[][][] y, int b, int length, double[][][] dy);

    /**
     * Pools each sample over its valid steps.
     *
     * @param y outputs {@code [T][B][F]}
     * @param lengths valid steps per sample, each in {@code [1, T]}
     * @return {@code [B][F]}
     * @throws IllegalArgumentException if the shapes disagree or a sample has no valid step
     */
    public double[][] pool(double[][][] y, int[] lengths) {
        int features = checkPoolable(y, lengths);
        double[][] out = new double[lengths.length][features];
        for (int b = 0; b < lengths.length; b++) {
            poolSample(y, b, lengths[b], out[b]);
        }
        return out;
    }

    /**
     * The gradient w.r.t. {@code y} of a loss whose gradient w.r.t. {@link #pool(double[][][], int[])
     * pool(y, lengths)} is {@code dPooled}.
     *
     * @param dPooled {@code [B][F]}
     * @param y the outputs that were pooled, {@code [T][B][F]}
     * @param lengths their lengths
     * @return {@code [T][B][F]}, zero at padding
     * @throws IllegalArgumentException if the shapes disagree or a sample has no valid step
     */
    public double[][][] unpool(double[][] dPooled, double[][][] y, int[] lengths) {
        int features = checkPoolable(y, lengths);
        if (dPooled == null || dPooled.length != lengths.length) {
            throw new IllegalArgumentException("the pooled gradient must have one row per sample ("
                    + lengths.length + ")");
        }
        double[][][] dy = new double[y.length][lengths.length][features];
        for (int b = 0; b < lengths.length; b++) {
            if (dPooled[b] == null || dPooled[b].length != features) {
                throw new IllegalArgumentException("the pooled gradient of sample " + b + " must have "
                        + features + " features");
            }
            unpoolSample(dPooled[b], y, b, lengths[b], dy);
        }
        return dy;
    }

    /** Checks the shapes and that every sample has a valid step; returns the number of features. */
    private static int checkPoolable(double[][][] y, int[] lengths) {
        int features = y != null && y.length > 0 && y[0] != null && y[0].length > 0 && y[0][0] != null
                ? y[0][0].length : 0;
        SequenceChecks.check("pooled sequence", y, lengths, features);
        for (int b = 0; b < lengths.length; b++) {
            if (lengths[b] == 0) {
                throw new IllegalArgumentException("sample " + b + " has no valid step to pool");
            }
        }
        return features;
    }

    private static int firstMaxStep(double[][][] y, int b, int length, int f) {
        int best = 0;
        for (int t = 1; t < length; t++) {
            if (y[t][b][f] > y[best][b][f]) {
                best = t;
            }
        }
        return best;
    }
}
