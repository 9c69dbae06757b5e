package io.rnnc.runtime.loss;

/** The squared error (ŷ − y)² per element, for regression outputs. */
public final class MeanSquaredError {
    private static final ElementLoss ELEMENT = new Element();

    private MeanSquaredError() {
    }

    /**
     * The loss at every valid step.
     *
     * @param pred predictions {@code [T][B][F]}
     * @param targets {@code [T][B][F]}
     * @param lengths valid steps per sample
     * @param r MEAN averages over the valid steps × F, as PyTorch's {@code mse_loss} averages over
     *     elements; SUM sums over them and averages over B
     * @return the reduced loss and its gradient w.r.t. the predictions, zero past each length
     * @throws IllegalArgumentException if the shapes disagree
     */
    public static StepLoss perStep(double[][][] pred, double[][][] targets, int[] lengths, Reduction r) {
        return ElementwiseReduction.perStep(ELEMENT, pred, targets, lengths, r);
    }

    /**
     * The loss of one prediction vector per sample, averaged over all B × F elements.
     *
     * @param pred {@code [B][F]}
     * @param targets {@code [B][F]}
     * @throws IllegalArgumentException if the shapes disagree
     */
    public static SequenceLoss perSequence(double[][] pred, double[][] targets) {
        return ElementwiseReduction.perSequence(ELEMENT, pred, targets);
    }

    private static final class Element implements ElementLoss {
        @Override
        public double value(double p, double y) {
            return (p - y) * (p - y);
        }

        @Override
        public double derivative(double p, double y) {
            return 2 * (p - y);
        }

        @Override
        public void checkTarget(double y) {
            // Any real target is a valid regression target.
        }
    }
}
