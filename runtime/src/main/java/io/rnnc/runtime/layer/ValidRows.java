package io.rnnc.runtime.layer;

/**
 * The valid positions of a padded batch, in time-major order, as the rows of a packed matrix:
 * row {@code r} is step {@code step(r)} of sample {@code sample(r)}. Layers that work step by
 * step pack only these rows, so padding costs nothing and cannot leak into a result.
 */
final class ValidRows {
    private final int[] steps;
    private final int[] samples;
    private final int totalSteps;
    private final int[] lengths;

    private ValidRows(int[] steps, int[] samples, int totalSteps, int[] lengths) {
        this.steps = steps;
        this.samples = samples;
        this.totalSteps = totalSteps;
        this.lengths = lengths;
    }

    /** The valid positions of a batch of {@code totalSteps} steps with these (checked) lengths. */
    static ValidRows of(int totalSteps, int[] lengths) {
        int count = 0;
        for (int length : lengths) {
            count += length;
        }
        int[] steps = new int[count];
        int[] samples = new int[count];
        int r = 0;
        for (int t = 0; t < totalSteps; t++) {
            for (int b = 0; b < lengths.length; b++) {
                if (t < lengths[b]) {
                    steps[r] = t;
                    samples[r] = b;
                    r++;
                }
            }
        }
        return new ValidRows(steps, samples, totalSteps, lengths.clone());
    }

    /** The number of steps of the batch, padding included. */
    int totalSteps() {
        return totalSteps;
    }

    /** The number of samples. */
    int batch() {
        return lengths.length;
    }

    /** The valid steps per sample (a copy). */
    int[] lengths() {
        return lengths.clone();
    }

    /** The number of valid positions. */
    int count() {
        return steps.length;
    }

    /** The step of row {@code r}. */
    int step(int r) {
        return steps[r];
    }

    /** The sample of row {@code r}. */
    int sample(int r) {
        return samples[r];
    }

    /** The values at the valid positions as a row-major {@code [count()][width]} matrix. */
    double[] pack(double[][][] x, int width) {
        double[] out = new double[count() * width];
        for (int r = 0; r < count(); r++) {
            System.arraycopy(x[steps[r]][samples[r]], 0, out, r * width, width);
        }
        return out;
    }

    /** A packed {@code [count()][width]} matrix spread back over {@code [T][B][width]}, zero at padding. */
    double[][][] unpack(double[] packed, int width) {
        double[][][] out = new double[totalSteps][batch()][width];
        for (int r = 0; r < count(); r++) {
            System.arraycopy(packed, r * width, out[steps[r]][samples[r]], 0, width);
        }
        return out;
    }
}
