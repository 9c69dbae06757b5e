package io.rnnc.compiler.backend.interp;

import io.rnnc.compiler.ir.Node;
import io.rnnc.compiler.ir.Op;
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
            case MATVEC -> matVec(n, a, params.get(n.name()));
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
        return n.block().colOffset().evaluate(sizes);
    }

    /** {@code M[rows, cols] · v} with M = W or Wᵀ. */
    private double[] matVec(Node n, double[] v, Tensor w) {
        Node.Block b = n.block();
        int r0 = b.rowOffset().evaluate(sizes);
        int rows = b.rows().evaluate(sizes);
        int c0 = b.colOffset().evaluate(sizes);
        int cols = b.cols().evaluate(sizes);
        int stride = w.dim(1);
        double[] data = w.data();
        double[] out = new double[rows];
        for (int i = 0; i < rows; i++) {
            double s = 0;
            for (int j = 0; j < cols; j++) {
                int r = r0 + i;
                int c = c0 + j;
                s += (b.transposed() ? data[c * stride + r] : data[r * stride + c]) * v[j];
            }
            out[i] = s;
        }
        return out;
    }

    /** Adds {@code δ ⊗ v} into the block of the gradient matrix that a MATVEC node read. */
    void addOuter(Node.Block b, double[] delta, double[] v, Tensor grad) {
        int r0 = b.rowOffset().evaluate(sizes);
        int c0 = b.colOffset().evaluate(sizes);
        int stride = grad.dim(1);
        double[] g = grad.data();
        for (int i = 0; i < delta.length; i++) {
            for (int j = 0; j < v.length; j++) {
                int r = r0 + i;
                int c = c0 + j;
                g[b.transposed() ? c * stride + r : r * stride + c] += delta[i] * v[j];
            }
        }
    }
}
