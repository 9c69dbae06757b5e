package io.rnnc.runtime.layer;

import io.rnnc.runtime.tensor.Tensor;
import java.util.Map;

/**
 * The natural log of probabilities at every step: the head of a model whose cell ends in its
 * own softmax. Its output is the log-probabilities, which a softmax cross-entropy reads as
 * logits (softmax(log p) = p), so the loss is −log p of the target, trained without a second
 * head on top of the cell's. Probabilities below {@link #FLOOR} count as the floor, so that
 * one that rounded to zero costs a large but finite loss.
 */
public final class LogProbabilities implements SequenceLayer {
    /** The smallest probability the log is taken of. */
    static final double FLOOR = 1e-30;

    private final int size;

    /** @param size classes per step */
    public LogProbabilities(int size) {
        SequenceChecks.checkSize("size of a log-probability layer", size);
        this.size = size;
    }

    @Override
    public int inputSize() {
        return size;
    }

    @Override
    public int outputSize() {
        return size;
    }

    /** None. */
    @Override
    public Map<String, Tensor> parameters() {
        return Map.of();
    }

    private record Saved(LogProbabilities owner, ValidRows rows, double[][][] p) {
    }

    @Override
    public Pass forward(double[][][] x, int[] lengths, boolean training) {
        SequenceChecks.check("input", x, lengths, size);
        ValidRows rows = ValidRows.of(x.length, lengths);
        double[][][] y = new double[rows.totalSteps()][rows.batch()][size];
        for (int r = 0; r < rows.count(); r++) {
            double[] p = x[rows.step(r)][rows.sample(r)];
            double[] out = y[rows.step(r)][rows.sample(r)];
            for (int i = 0; i < size; i++) {
                out[i] = Math.log(Math.max(p[i], FLOOR));
            }
        }
        return new Pass(y, new Saved(this, rows, x));
    }

    @Override
    public double[][][] backward(Pass pass, double[][][] dy, Map<String, Tensor> grads) {
        if (pass == null || !(pass.saved() instanceof Saved s) || s.owner() != this) {
            throw new IllegalArgumentException("a log-probability layer's backward needs a pass made by its own forward");
        }
        SequenceChecks.checkGradient(dy, s.rows(), size);
        ValidRows rows = s.rows();
        double[][][] dx = new double[rows.totalSteps()][rows.batch()][size];
        for (int r = 0; r < rows.count(); r++) {
            int t = rows.step(r);
            int b = rows.sample(r);
            for (int i = 0; i < size; i++) {
                dx[t][b][i] = dy[t][b][i] / Math.max(s.p()[t][b][i], FLOOR);
            }
        }
        return dx;
    }
}
