package io.rnnc.runtime.layer;

import io.rnnc.runtime.tensor.Tensor;
import java.util.Map;

/**
 * Inverted dropout: while training, each unit is zeroed with probability p and the others are
 * scaled by 1/(1 − p), so that outside training the layer is the identity. The variational form
 * (Gal and Ghahramani) draws one mask per sample and reuses it at every step of that sample,
 * which is the form that regularizes recurrent connections without destroying memory.
 *
 * <p>Each mask is a function of where it is used ({@link DropoutMasks}): the sample's place in
 * the global batch and its time step (or, variational, the sample alone), so runs reproduce and a
 * share of a batch draws what the whole batch would.
 */
public final class Dropout implements SequenceLayer {
    private final int size;
    private final double p;
    private final boolean variational;
    private final DropoutMasks.Site masks;

    /**
     * @param size features per step (input and output)
     * @param p the probability of dropping a unit, in [0, 1)
     * @param variational whether one mask per sample is reused at every step
     * @param masks where the layer's masks come from, a site of its model's masks
     * @throws IllegalArgumentException if the size is not positive, p is outside [0, 1), or the
     *     site is null
     */
    public Dropout(int size, double p, boolean variational, DropoutMasks.Site masks) {
        SequenceChecks.checkSize("size of a dropout layer", size);
        if (!(p >= 0 && p < 1)) {
            throw new IllegalArgumentException("the dropout probability must lie in [0, 1) but is " + p);
        }
        if (masks == null) {
            throw new IllegalArgumentException("a dropout layer needs a source of masks");
        }
        this.size = size;
        this.p = p;
        this.variational = variational;
        this.masks = masks;
    }

    @Override
    public int inputSize() {
        return size;
    }

    @Override
    public int outputSize() {
        return size;
    }

    /** None: dropout has no parameters. */
    @Override
    public Map<String, Tensor> parameters() {
        return Map.of();
    }

    /**
     * What a pass keeps: the layer, the lengths, and the factor (0 or 1/(1 − p)) of every unit at
     * every valid position; null factors mean the identity.
     */
    private record Saved(Dropout owner, ValidRows rows, double[][][] factors) {
    }

    @Override
    public Pass forward(double[][][] x, int[] lengths, boolean training) {
        SequenceChecks.check("input", x, lengths, size);
        ValidRows rows = ValidRows.of(x.length, lengths);
        double[][][] factors = training && p > 0 ? drawFactors(rows) : null;
        return new Pass(scale(x, rows, factors), new Saved(this, rows, factors));
    }

    @Override
    public double[][][] backward(Pass pass, double[][][] dy, Map<String, Tensor> grads) {
        if (pass == null || !(pass.saved() instanceof Saved) || ((Saved) pass.saved()).owner() != this) {
            throw new IllegalArgumentException("a dropout layer's backward needs a pass made by its own forward");
        }
        Saved s = (Saved) pass.saved();
        SequenceChecks.checkGradient(dy, s.rows(), size);
        // y = x ⊙ factors, so dx = dy ⊙ the same factors.
        return scale(dy, s.rows(), s.factors());
    }

    /** Factors per valid position; in the variational form the rows of one sample are one array. */
    private double[][][] drawFactors(ValidRows rows) {
        int[] lengths = rows.lengths();
        double[][][] factors = new double[rows.totalSteps()][lengths.length][];
        for (int r = 0; r < rows.count(); r++) {
            int t = rows.step(r);
            int b = rows.sample(r);
            factors[t][b] = variational && t > 0 ? factors[0][b] : masks.factors(b, variational ? -1 : t, size, p);
        }
        return factors;
    }

    /** v ⊙ factors at the valid positions (v itself where factors is null), zero at padding. */
    private double[][][] scale(double[][][] v, ValidRows rows, double[][][] factors) {
        double[][][] out = new double[rows.totalSteps()][rows.batch()][size];
        for (int r = 0; r < rows.count(); r++) {
            int t = rows.step(r);
            int b = rows.sample(r);
            for (int i = 0; i < size; i++) {
                out[t][b][i] = factors == null ? v[t][b][i] : v[t][b][i] * factors[t][b][i];
            }
        }
        return out;
    }
}
