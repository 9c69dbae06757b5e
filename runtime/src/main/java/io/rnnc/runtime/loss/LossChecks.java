package io.rnnc.runtime.loss;

/** Shape checks for the inputs of losses, so that a caller's mistake reads as one clear sentence. */
final class LossChecks {
    private LossChecks() {
    }

    /**
     * Checks that {@code v} is {@code [T][lengths.length][F]} for one F ≥ 1 and that every length
     * lies in {@code [0, T]}.
     *
     * @param what the name of the array in messages, such as {@code logits}
     * @return F, or 0 when there are no rows
     * @throws IllegalArgumentException naming the first disagreement
     */
    static int checkSteps(String what, double[][][] v, int[] lengths) {
        if (v == null || lengths == null) {
            throw new IllegalArgumentException("the " + what + " and the lengths must not be null");
        }
        for (int b = 0; b < lengths.length; b++) {
            if (lengths[b] < 0 || lengths[b] > v.length) {
                throw new IllegalArgumentException("sample " + b + " has length " + lengths[b] + " outside [0, "
                        + v.length + "] for " + what + " of " + v.length + " steps");
            }
        }
        int features = 0;
        for (int t = 0; t < v.length; t++) {
            if (v[t] == null || v[t].length != lengths.length) {
                throw new IllegalArgumentException("step " + t + " of the " + what
                        + " must have one row per sample (" + lengths.length + ")");
            }
            features = commonWidth(what + " at step " + t, v[t], features);
        }
        return features;
    }

    /**
     * Checks that {@code v} has {@code batch} rows of one length F ≥ 1.
     *
     * @return F, or 0 when there are no rows
     * @throws IllegalArgumentException naming the first disagreement
     */
    static int checkRows(String what, double[][] v, int batch) {
        if (v == null || v.length != batch) {
            throw new IllegalArgumentException("the " + what + " must have one row per sample (" + batch + ")");
        }
        return commonWidth(what, v, 0);
    }

    /**
     * Checks that every row has {@code width} entries, or, when {@code width} is 0, one common
     * number of at least one; returns that number (0 for no rows).
     */
    private static int commonWidth(String what, double[][] rows, int width) {
        int w = width;
        for (int b = 0; b < rows.length; b++) {
            if (rows[b] == null || rows[b].length == 0 || (w > 0 && rows[b].length != w)) {
                throw new IllegalArgumentException("the " + what + " for sample " + b + " must have "
                        + (w > 0 ? String.valueOf(w) : "at least one") + " entries");
            }
            w = rows[b].length;
        }
        return w;
    }

    /**
     * Checks that {@code targets} has the shape of {@code values}.
     *
     * @throws IllegalArgumentException naming the first disagreement
     */
    static void checkSameShape(double[][][] values, double[][][] targets) {
        if (targets == null || targets.length != values.length) {
            throw new IllegalArgumentException("the targets must have as many steps (" + values.length
                    + ") as the predictions");
        }
        for (int t = 0; t < values.length; t++) {
            checkSameShape("at step " + t, values[t], targets[t]);
        }
    }

    /**
     * Checks that {@code targets} has the shape of {@code values}.
     *
     * @param where where the rows are, for messages, such as {@code at step 3}; may be empty
     * @throws IllegalArgumentException naming the first disagreement
     */
    static void checkSameShape(String where, double[][] values, double[][] targets) {
        String at = where.isEmpty() ? "" : " " + where;
        if (targets == null || targets.length != values.length) {
            throw new IllegalArgumentException("the targets" + at + " must have one row per sample ("
                    + values.length + ")");
        }
        for (int b = 0; b < values.length; b++) {
            if (targets[b] == null || targets[b].length != values[b].length) {
                throw new IllegalArgumentException("the targets" + at + " for sample " + b + " must have "
                        + values[b].length + " entries like the predictions");
            }
        }
    }
}
