package io.rnnc.runtime.loss;

/**
 * Softmax cross-entropy over classes: −log softmax(z)[target] = logsumexp(z) − z[target], computed
 * with the largest logit subtracted first so that no exponential overflows. Its gradient w.r.t.
 * the logits is softmax(z) − onehot(target).
 */
public final class SoftmaxCrossEntropy {
    /** The target that marks a position as not counted. */
    public static final int SKIP = -1;

    private SoftmaxCrossEntropy() {
    }

    /**
     * The loss at every counted step: within the sample's length and with a target other than −1.
     *
     * @param logits {@code [T][B][V]}
     * @param targets classes {@code [T][B]}, each in {@code [0, V)} or −1 at valid steps
     * @param lengths valid steps per sample
     * @param r MEAN averages over the counted positions; SUM sums over them and averages over B
     * @return the reduced loss and its gradient w.r.t. the logits, zero where nothing counts
     * @throws IllegalArgumentException if the shapes disagree or a target is out of range
     */
    public static StepLoss perStep(double[][][] logits, int[][] targets, int[] lengths, Reduction r) {
        if (r == null) {
            throw new IllegalArgumentException("a reduction (MEAN or SUM) is required");
        }
        int classes = LossChecks.checkSteps("logits", logits, lengths);
        checkTargetShape(targets, logits.length, lengths.length);
        long counted = 0;
        for (int t = 0; t < logits.length; t++) {
            for (int b = 0; b < lengths.length; b++) {
                if (t >= lengths[b] || targets[t][b] == SKIP) {
                    continue;
                }
                if (!isClass(targets[t][b], classes)) {
                    throw new IllegalArgumentException("the target at step " + t + ", sample " + b + " is "
                            + targets[t][b] + ", which is neither a class in [0, " + classes + ") nor -1 (skip)");
                }
                counted++;
            }
        }
        double divisor = r.divisor(counted, lengths.length);
        double scale = divisor == 0 ? 0 : 1 / divisor;
        double total = 0;
        double[][][] gradient = new double[logits.length][lengths.length][classes];
        for (int t = 0; t < logits.length; t++) {
            for (int b = 0; b < lengths.length; b++) {
                if (t < lengths[b] && targets[t][b] != SKIP) {
                    total += lossAndGradient(logits[t][b], targets[t][b], scale, gradient[t][b]);
                }
            }
        }
        return new StepLoss(total * scale, gradient);
    }

    /**
     * The loss of one logit vector per sample, averaged over the batch.
     *
     * @param logits {@code [B][V]}
     * @param labels a class in {@code [0, V)} per sample
     * @throws IllegalArgumentException if the shapes disagree or a label is out of range
     */
    public static SequenceLoss perSequence(double[][] logits, int[] labels) {
        if (labels == null) {
            throw new IllegalArgumentException("the labels must not be null");
        }
        int classes = LossChecks.checkRows("logits", logits, labels.length);
        double scale = labels.length == 0 ? 0 : 1.0 / labels.length;
        double total = 0;
        double[][] gradient = new double[labels.length][classes];
        for (int b = 0; b < labels.length; b++) {
            if (!isClass(labels[b], classes)) {
                throw new IllegalArgumentException("the label of sample " + b + " is " + labels[b]
                        + ", which is not a class in [0, " + classes + ")");
            }
            total += lossAndGradient(logits[b], labels[b], scale, gradient[b]);
        }
        return new SequenceLoss(total * scale, gradient);
    }

    /**
     * The probabilities softmax(logits), computed stably.
     *
     * @throws IllegalArgumentException if there are no logits
     */
    public static double[] softmax(double[] logits) {
        if (logits == null || logits.length == 0) {
            throw new IllegalArgumentException("softmax needs at least one logit");
        }
        double[] p = new double[logits.length];
        double sum = shiftedExponentials(logits, p);
        for (int i = 0; i < p.length; i++) {
            p[i] /= sum;
        }
        return p;
    }

    /** Returns −log softmax(z)[target] and writes (softmax(z) − onehot(target))·scale into {@code out}. */
    private static double lossAndGradient(double[] z, int target, double scale, double[] out) {
        double sum = shiftedExponentials(z, out);
        for (int k = 0; k < z.length; k++) {
            out[k] = (out[k] / sum - (k == target ? 1 : 0)) * scale;
        }
        return max(z) + Math.log(sum) - z[target];
    }

    /**
     * Writes e^(z − max z) into {@code out} and returns their sum: every exponent is ≤ 0, so nothing
     * overflows, and the largest term is 1, so the sum is at least 1.
     */
    private static double shiftedExponentials(double[] z, double[] out) {
        double max = max(z);
        double sum = 0;
        for (int k = 0; k < z.length; k++) {
            out[k] = Math.exp(z[k] - max);
            sum += out[k];
        }
        return sum;
    }

    private static double max(double[] v) {
        double m = Double.NEGATIVE_INFINITY;
        for (double x : v) {
            m = Math.max(m, x);
        }
        return m;
    }

    private static void checkTargetShape(int[][] targets, int steps, int batch) {
        if (targets == null || targets.length != steps) {
            throw new IllegalArgumentException("the targets must have as many steps (" + steps + ") as the logits");
        }
        for (int t = 0; t < steps; t++) {
            if (targets[t] == null || targets[t].length != batch) {
                throw new IllegalArgumentException("the targets at step " + t + " must have one per sample ("
                        + batch + ")");
            }
        }
    }

    private static boolean isClass(int target, int classes) {
        return target >= 0 && target < classes;
    }
}
