package io.rnnc.runtime.layer;

/** Shape checks for padded batches, so that a caller's mistake reads as one clear sentence. */
final class SequenceChecks {
    private SequenceChecks() {
    }

    /**
     * Checks that {@code x} is {@code [T][lengths.length][features]} and that every length lies in
     * {@code [0, T]}.
     *
     * @param what the name of the checked array in messages, such as {@code input}
     * @throws IllegalArgumentException naming the first disagreement
     */
    static void check(String what, double[][][] x, int[] lengths, int features) {
        if (x == null || lengths == null) {
            throw new IllegalArgumentException("the " + what + " and its lengths must not be null");
        }
        int steps = x.length;
        for (int b = 0; b < lengths.length; b++) {
            if (lengths[b] < 0 || lengths[b] > steps) {
                throw new IllegalArgumentException("sample " + b + " has length " + lengths[b]
                        + " outside [0, " + steps + "] for a " + what + " of " + steps + " steps");
            }
        }
        for (int t = 0; t < steps; t++) {
            checkStep(what, x[t], t, lengths.length, features);
        }
    }

    private static void checkStep(String what, double[][] step, int t, int batch, int features) {
        if (step == null || step.length != batch) {
            throw new IllegalArgumentException("step " + t + " of the " + what + " has "
                    + (step == null ? "no" : String.valueOf(step.length)) + " samples but there are "
                    + batch + " lengths");
        }
        for (int b = 0; b < batch; b++) {
            if (step[b] == null || step[b].length != features) {
                throw new IllegalArgumentException("the " + what + " at step " + t + ", sample " + b + " has "
                        + (step[b] == null ? "no" : String.valueOf(step[b].length)) + " features but "
                        + features + " are expected");
            }
        }
    }

    /**
     * Checks that an upstream gradient has the shape of the output it belongs to.
     *
     * @throws IllegalArgumentException naming the first disagreement
     */
    static void checkGradient(double[][][] dy, ValidRows rows, int features) {
        if (dy != null && dy.length != rows.totalSteps()) {
            throw new IllegalArgumentException("the output gradient has " + dy.length
                    + " steps but the pass has " + rows.totalSteps());
        }
        check("output gradient", dy, rows.lengths(), features);
    }

    /**
     * Checks that {@code size} is a positive number of features.
     *
     * @throws IllegalArgumentException if it is not
     */
    static void checkSize(String what, int size) {
        if (size <= 0) {
            throw new IllegalArgumentException("the " + what + " must be positive but is " + size);
        }
    }
}
