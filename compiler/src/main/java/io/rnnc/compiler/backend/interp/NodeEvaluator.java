package io.rnnc.compiler.backend.interp;

import io.rnnc.compiler.ir.Matrix;
import io.rnnc.compiler.ir.MatrixAccess;
import io.rnnc.compiler.ir.Node;
import io.rnnc.runtime.tensor.Tensor;
import java.util.Map;

/**
 * The meaning of each non-leaf IR node on one sample, in float64, written plainly: this is the
 * oracle every backend is compared with. A scalar is an array of length 1.
 */
final class NodeEvaluator {
    private final Map<String, Integer> sizes;

    NodeEvaluator(Map<String, Integer> sizes) {
        this.sizes = sizes;
    }

    /** The value of a non-leaf node from its operands' values. */
    double[] eval(Node n, double[][] vals, Map<String, Tensor> params) {
        return switch (n.op().kind()) {
            case UNARY -> unary(n, vals[n.in(0)]);
            case BINARY -> binary(n, vals[n.in(0)], vals[n.in(1)]);
            case VECTOR -> vector(n, vals, params);
            case LEAF -> throw new IllegalArgumentException("leaf " + n.op() + " has no operands");
        };
    }

    int length(Node n) {
        return n.isScalar() ? 1 : n.size().evaluate(sizes);
    }

    private static double[] unary(Node n, double[] a) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = n.op().apply(a[i], n.value());
        }
        return out;
    }

    private double[] binary(Node n, double[] a, double[] b) {
        double[] out = new double[length(n)];
        for (int i = 0; i < out.length; i++) {
            out[i] = n.op().apply(a[a.length == 1 ? 0 : i], b[b.length == 1 ? 0 : i]);
        }
        return out;
    }

    private double[] vector(Node n, double[][] vals, Map<String, Tensor> params) {
        double[] a = vals[n.in(0)];
        return switch (n.op()) {
            case SOFTMAX -> softmax(a);
            case SUM -> new double[] {sum(a)};
            case MEAN -> new double[] {sum(a) / a.length};
            case REDUCE_MAX -> new double[] {java.util.Arrays.stream(a).max().orElseThrow()};
            case REDUCE_MIN -> new double[] {java.util.Arrays.stream(a).min().orElseThrow()};
            case BROADCAST -> filled(length(n), a[0]);
            case CONCAT -> concat(n, vals);
            case SLICE -> java.util.Arrays.copyOfRange(a, offset(n), offset(n) + length(n));
            case MATVEC -> matVec(n, a, params);
            default -> throw new IllegalArgumentException("not a vector op: " + n.op());
        };
    }

    private static double[] softmax(double[] a) {
        double max = java.util.Arrays.stream(a).max().orElse(0);
        double[] out = new double[a.length];
        double total = 0;
        for (int i = 0; i < a.length; i++) {
            out[i] = Math.exp(a[i] - max);
            total += out[i];
        }
        for (int i = 0; i < a.length; i++) {
            out[i] /= total;
        }
        return out;
    }

    private static double sum(double[] a) {
        double s = 0;
        for (double v : a) {
            s += v;
        }
        return s;
    }

    private static double[] filled(int n, double v) {
        double[] out = new double[n];
        java.util.Arrays.fill(out, v);
        return out;
    }

    private static double[] concat(Node n, double[][] vals) {
        int total = 0;
        for (int p : n.inputs()) {
            total += vals[p].length;
        }
        double[] out = new double[total];
        int at = 0;
        for (int p : n.inputs()) {
            System.arraycopy(vals[p], 0, out, at, vals[p].length);
            at += vals[p].length;
        }
        return out;
    }

    private int offset(Node n) {
        return n.offset().evaluate(sizes);
    }

    /** {@code M · v}. */
    private double[] matVec(Node n, double[] v, Map<String, Tensor> params) {
        MatrixAccess m = new MatrixAccess(n.matrix(), sizes);
        double[] out = new double[length(n)];
        for (int r = 0; r < out.length; r++) {
            double s = 0;
            for (int c = 0; c < v.length; c++) {
                s += m.get(params, r, c) * v[c];
            }
            out[r] = s;
        }
        return out;
    }

    /** Adds {@code δ ⊗ v}, the gradient of {@code M} in {@code M · v}, into each block's parameter gradient. */
    void addOuter(Matrix matrix, double[] delta, double[] v, Map<String, Tensor> grads) {
        MatrixAccess m = new MatrixAccess(matrix, sizes);
        for (int r = 0; r < delta.length; r++) {
            for (int c = 0; c < v.length; c++) {
                m.add(grads, r, c, delta[r] * v[c]);
            }
        }
    }
}
