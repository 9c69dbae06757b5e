package io.rnnc.runtime.train;

/**
 * Early stopping on the held-out loss: remembers the best evaluation and counts the
 * evaluations since it; with a patience of K, the run should stop once K evaluations in a row
 * have not improved on the best. A patience of 0 never stops and only keeps the best.
 */
public final class EarlyStopping {
    private final int patience;
    private double best = Double.POSITIVE_INFINITY;
    private long bestStep = -1;
    private int sinceBest;

    /** @param patience evaluations without improvement that end the run; 0 for never */
    public EarlyStopping(int patience) {
        if (patience < 0) {
            throw new IllegalArgumentException("patience cannot be negative: " + patience);
        }
        this.patience = patience;
    }

    /**
     * Takes the held-out loss of the evaluation at {@code step}; returns whether it is the best so
     * far (strictly lower than every earlier one). A loss that is not a number never is.
     */
    public boolean observe(long step, double loss) {
        if (loss < best) {
            best = loss;
            bestStep = step;
            sinceBest = 0;
            return true;
        }
        sinceBest++;
        return false;
    }

    /** Whether the run should stop: a patience above 0, and that many evaluations since the best. */
    public boolean exhausted() {
        return patience > 0 && sinceBest >= patience;
    }

    /** The lowest held-out loss seen, or infinity before any. */
    public double bestLoss() {
        return best;
    }

    /** The step of the best evaluation, or −1 before any. */
    public long bestStep() {
        return bestStep;
    }

    /** Evaluations since the best one. */
    public int sinceBest() {
        return sinceBest;
    }
}
