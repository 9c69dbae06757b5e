package io.rnnc.runtime.engine;

import io.rnnc.runtime.tensor.Tensor;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * Compares a layer's backpropagated gradients with central finite differences in float64,
 * for the loss {@code L = Σ y·r + Σ s_T·r_s} with random weights r. Every parameter, the input
 * and every initial state is checked, element by element.
 */
public final class GradientCheck {
    private final RecurrentLayer layer;
    private final double[][][] x;
    private final int[] lengths;
    private final Map<String, double[][]> initial;
    private final double[][][] dy;
    private final Map<String, double[][]> dFinal = new LinkedHashMap<>();
    private final double eps;
    private final RecurrentLayer reference;

    /**
     * @param layer the layer to check (its parameters are perturbed in place and restored)
     * @param x input {@code [T][B][X]}
     * @param lengths valid steps per sample
     * @param initial initial states {@code [B][size]} by name
     * @param rng draws the loss weights
     * @param eps the finite-difference step
     */
    public GradientCheck(RecurrentLayer layer, double[][][] x, int[] lengths, Map<String, double[][]> initial,
                         Random rng, double eps) {
        this(layer, layer, x, lengths, initial, rng, eps);
    }

    /**
     * Checks the gradients {@code layer} computes (in float32, say) against finite differences
     * of {@code reference} (a float64 layer of the same cell over the same parameter tensors).
     */
    public GradientCheck(RecurrentLayer layer, RecurrentLayer reference, double[][][] x, int[] lengths,
                         Map<String, double[][]> initial, Random rng, double eps) {
        this.layer = layer;
        this.reference = reference;
        this.x = x;
        this.lengths = lengths;
        this.initial = initial;
        this.eps = eps;
        this.dy = new double[x.length][lengths.length][layer.outputSize()];
        for (double[][] step : dy) {
            fill(step, rng);
        }
        for (String s : layer.stateNames()) {
            double[][] d = new double[lengths.length][layer.stateSize(s)];
            fill(d, rng);
            dFinal.put(s, d);
        }
    }

    private static void fill(double[][] a, Random rng) {
        for (double[] row : a) {
            for (int i = 0; i < row.length; i++) {
                row[i] = rng.nextGaussian();
            }
        }
    }

    /**
     * The worst relative error per checked tensor: {@code max|analytic − numeric| /
     * max(max|numeric|, max|analytic|, 1e-3)}. Keys: parameter names, {@code x}, and
     * {@code <state>0} for initial states.
     */
    public Map<String, Double> run() {
        Map<String, Tensor> grads = new HashMap<>();
        RecurrentLayer.Forward f = layer.forward(x, lengths, initial);
        RecurrentLayer.Backward back = layer.backward(f, dy, dFinal, grads);
        Map<String, Double> report = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> p : layer.parameters().entrySet()) {
            Tensor g = grads.getOrDefault(p.getKey(), Tensor.zeros(p.getValue().shape()));
            report.put(p.getKey(), compare(p.getValue().data(), g.data()));
        }
        report.put("x", compareSequence(x, back.dx()));
        for (String s : layer.stateNames()) {
            report.put(s + "0", compareRows(initial.get(s), back.dInitial().get(s)));
        }
        return report;
    }

    /**
     * Gradients smaller than this are judged by their absolute error: the finite differences
     * themselves carry noise near 1e-10, so a gradient that is exactly zero (a parameter whose
     * effect cancels, like one inside {@code mean(softmax(…))}) cannot be judged relatively.
     */
    static final double SCALE_FLOOR = 1e-3;

    /** The worst relative error over one tensor, gathered row by row. */
    private static final class Worst {
        private double maxDiff;
        private double scale = SCALE_FLOOR;

        void add(double[] numeric, double[] analytic) {
            for (int i = 0; i < numeric.length; i++) {
                maxDiff = Math.max(maxDiff, Math.abs(numeric[i] - analytic[i]));
                scale = Math.max(scale, Math.max(Math.abs(numeric[i]), Math.abs(analytic[i])));
            }
        }

        double relative() {
            return maxDiff / scale;
        }
    }

    private double compareSequence(double[][][] values, double[][][] analytic) {
        Worst w = new Worst();
        for (int t = 0; t < values.length; t++) {
            for (int b = 0; b < values[t].length; b++) {
                w.add(numericGradient(values[t][b], analytic[t][b]), analytic[t][b]);
            }
        }
        return w.relative();
    }

    private double compareRows(double[][] values, double[][] analytic) {
        Worst w = new Worst();
        for (int b = 0; b < values.length; b++) {
            w.add(numericGradient(values[b], analytic[b]), analytic[b]);
        }
        return w.relative();
    }

    private double compare(double[] values, double[] analytic) {
        Worst w = new Worst();
        w.add(numericGradient(values, analytic), analytic);
        return w.relative();
    }

    /**
     * Below this relative disagreement an estimate is taken as it is; above it the smaller
     * step is tried too.
     */
    private static final double REFINE_ABOVE = 1e-9;

    /**
     * Central differences of the loss w.r.t. each element of {@code values} (perturbed in
     * place), with the five-point stencil: its error is O(eps⁴), so a step of 1e-4 keeps both
     * truncation and rounding error near 1e-12 of the loss. Where the estimate disagrees with
     * {@code analytic}, it is taken again with a step ten times smaller and the closer of the
     * two is kept: a stencil that straddles a point where the loss is not smooth (the kinks of
     * relu, abs or softsign's curvature) is off by O(eps), and the smaller stencil misses the
     * kink. A wrong gradient gains nothing from this, as it disagrees at every step.
     */
    private double[] numericGradient(double[] values, double[] analytic) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = centralDifference(values, i, eps);
            double scale = Math.max(SCALE_FLOOR, Math.max(Math.abs(out[i]), Math.abs(analytic[i])));
            if (Math.abs(out[i] - analytic[i]) > REFINE_ABOVE * scale) {
                double finer = centralDifference(values, i, eps / 10);
                if (Math.abs(finer - analytic[i]) < Math.abs(out[i] - analytic[i])) {
                    out[i] = finer;
                }
            }
        }
        return out;
    }

    /** The five-point estimate of the loss's derivative w.r.t. {@code values[i]} with step {@code h}. */
    private double centralDifference(double[] values, int i, double h) {
        double saved = values[i];
        double[] at = new double[4];
        double[] offsets = {2 * h, h, -h, -2 * h};
        for (int k = 0; k < 4; k++) {
            values[i] = saved + offsets[k];
            at[k] = loss();
        }
        values[i] = saved;
        // Differences first: a loss that does not change gives exactly zero.
        return ((at[3] - at[0]) + 8 * (at[1] - at[2])) / (12 * h);
    }

    private double loss() {
        RecurrentLayer.Forward f = reference.forward(x, lengths, initial);
        double l = 0;
        for (int t = 0; t < f.y().length; t++) {
            for (int b = 0; b < f.y()[t].length; b++) {
                l += dot(f.y()[t][b], dy[t][b]);
            }
        }
        for (String s : layer.stateNames()) {
            double[][] fin = f.finalStates().get(s);
            for (int b = 0; b < fin.length; b++) {
                l += dot(fin[b], dFinal.get(s)[b]);
            }
        }
        return l;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
