package io.rnnc.runtime.loss;

/** Reduces an {@link ElementLoss} over a padded batch of steps or over one vector per sample. */
final class ElementwiseReduction {
    private ElementwiseReduction() {
    }

    /**
     * The loss over the valid steps of {@code pred} {@code [T][B][F]} against {@code targets} of the
     * same shape; positions past a sample's length are not counted and get a zero gradient.
     */
    static StepLoss perStep(ElementLoss loss, double[][][] pred, double[][][] targets, int[] lengths, Reduction r) {
        if (r == null) {
            throw new IllegalArgumentException("a reduction (MEAN or SUM) is required");
        }
        int features = LossChecks.checkSteps("predictions", pred, lengths);
        LossChecks.checkSameShape(pred, targets);
        long counted = 0;
        for (int length : lengths) {
            counted += (long) length * features;
        }
        double divisor = r.divisor(counted, lengths.length);
        double scale = divisor == 0 ? 0 : 1 / divisor;
        double total = 0;
        double[][][] gradient = new double[pred.length][lengths.length][features];
        for (int t = 0; t < pred.length; t++) {
            for (int b = 0; b < lengths.length; b++) {
                if (t < lengths[b]) {
                    total += accumulate(loss, pred[t][b], targets[t][b], scale, gradient[t][b]);
                }
            }
        }
        return new StepLoss(total * scale, gradient);
    }

    /** The loss of {@code pred} {@code [B][F]} against {@code targets}, averaged over all B·F elements. */
    static SequenceLoss perSequence(ElementLoss loss, double[][] pred, double[][] targets) {
        if (pred == null) {
            throw new IllegalArgumentException("the predictions must not be null");
        }
        int features = LossChecks.checkRows("predictions", pred, pred.length);
        LossChecks.checkSameShape("", pred, targets);
        long count = (long) pred.length * features;
        double scale = count == 0 ? 0 : 1.0 / count;
        double total = 0;
        double[][] gradient = new double[pred.length][features];
        for (int b = 0; b < pred.length; b++) {
            total += accumulate(loss, pred[b], targets[b], scale, gradient[b]);
        }
        return new SequenceLoss(total * scale, gradient);
    }

    /** Returns the summed loss of one row and writes its gradient, times {@code scale}, into {@code out}. */
    private static double accumulate(ElementLoss loss, double[] pred, double[] targets, double scale, double[] out) {
        double sum = 0;
        for (int f = 0; f < pred.length; f++) {
            loss.checkTarget(targets[f]);
            sum += loss.value(pred[f], targets[f]);
            out[f] = loss.derivative(pred[f], targets[f]) * scale;
        }
        return sum;
    }
}
