package io.rnnc.runtime.loss;

/**
 * How a per-step loss is reduced over a padded batch of B samples. Only counted positions
 * contribute: steps within a sample's length (and, for class targets, with a target other than
 * −1). A batch with nothing counted has loss 0 and a zero gradient.
 */
public enum Reduction {
    /**
     * Averaged over every counted term: the counted positions for a loss over classes, the
     * counted positions × features for an elementwise loss (as PyTorch's {@code mean} averages
     * over elements).
     */
    MEAN,
    /** Summed over time (and over features for an elementwise loss), averaged over the B samples. */
    SUM;

    /** What the summed loss is divided by, given the number of counted terms and the batch size. */
    public double divisor(long countedTerms, int batch) {
        return this == MEAN ? countedTerms : batch;
    }
}
