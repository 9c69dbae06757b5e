package io.rnnc.runtime.loss;

/**
 * Binary cross-entropy on logits: with ŷ = σ(z), L = −(y·log ŷ + (1 − y)·log(1 − ŷ)) per element,
 * for targets y in [0, 1]. It is computed from the logit z as max(z, 0) − z·y + log(1 + e^−|z|),
 * which neither overflows nor takes the log of 0 for large |z|; its gradient is σ(z) − y.
 */
public final class BinaryCrossEntropy {
    private static final ElementLoss ELEMENT = new Element();

    private BinaryCrossEntropy() {
    }

    /**
     * The loss at every valid step.
     *
     * @param logits {@code [T][B][F]}
     * @param targets {@code [T][B][F]}, each in [0, 1] at valid steps
     * @param lengths valid steps per sample
     * @param r MEAN averages over the valid steps × F; SUM sums over them and averages over B
     * @return the reduced loss and its gradient w.r.t. the logits, zero past each length
     * @throws IllegalArgumentException if the shapes disagree or a target is outside [0, 1]
     */
    public static StepLoss perStep(double[][][] logits, double[][][] targets, int[] lengths, Reduction r) {
        return ElementwiseReduction.perStep(ELEMENT, logits, targets, lengths, r);
    }

    /**
     * The loss of one logit vector per sample, averaged over all B × F elements.
     *
     * @param logits {@code [B][F]}
     * @param targets {@code [B][F]}, each in [0, 1]
     * @throws IllegalArgumentException if the shapes disagree or a target is outside [0, 1]
     */
    public static SequenceLoss perSequence(double[][] logits, double[][] targets) {
        return ElementwiseReduction.perSequence(ELEMENT, logits, targets);
    }

    private static final class Element implements ElementLoss {
        @Override
        public double value(double z, double y) {
            return Math.max(z, 0) - z * y + Math.log1p(Math.exp(-Math.abs(z)));
        }

        @Override
        public double derivative(double z, double y) {
            // σ(z) from the exponential of −|z|, which cannot overflow.
            double e = Math.exp(-Math.abs(z));
            double sigmoid = z >= 0 ? 1 / (1 + e) : e / (1 + e);
            return sigmoid - y;
        }

        @Override
        public void checkTarget(double y) {
            if (!(y >= 0 && y <= 1)) {
                throw new IllegalArgumentException("a binary cross-entropy target must lie in [0, 1] but is " + y);
            }
        }
    }
}
