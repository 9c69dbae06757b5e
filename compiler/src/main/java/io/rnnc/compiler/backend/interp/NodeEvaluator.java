package io.rnnc.compiler.backend.interp;

import io.rnnc.compiler.ir.Matrix;
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

    /** One block of a matrix with its sizes evaluated, and where its rows start in the stack. */
    private record Placed(Tensor w, boolean transposed, int r0, int rows, int c0, int cols, int stackRow) {
        /** Element [r, c] of the block. */
        double at(int r, int c) {
            int stride = w.dim(1);
            return transposed ? w.data()[(c0 + c) * stride + r0 + r] : w.data()[(r0 + r) * stride + c0 + c];
        }

        /** Adds {@code v} to element [r, c] of the block. */
        void add(int r, int c, double v) {
            int stride = w.dim(1);
            w.data()[transposed ? (c0 + c) * stride + r0 + r : (r0 + r) * stride + c0 + c] += v;
        }
    }

    private java.util.List<Placed> place(Matrix m, Map<String, Tensor> tensors) {
        java.util.List<Placed> out = new java.util.ArrayList<>();
        int stackRow = 0;
        for (Matrix.Block b : m.blocks()) {
            int rows = b.rows().evaluate(sizes);
            out.add(new Placed(tensors.get(b.param()), b.transposed(), b.rowOffset().evaluate(sizes), rows,
                    b.colOffset().evaluate(sizes), b.cols().evaluate(sizes), stackRow));
            stackRow += rows;
        }
        return out;
    }

    /** {@code M · v} for a stack of blocks or its transpose. */
    private double[] matVec(Node n, double[] v, Map<String, Tensor> params) {
        Matrix m = n.matrix();
        double[] out = new double[length(n)];
        for (Placed p : place(m, params)) {
            for (int r = 0; r < p.rows(); r++) {
                for (int c = 0; c < p.cols(); c++) {
                    if (m.transposed()) {
                        out[c] += p.at(r, c) * v[p.stackRow() + r];
                    } else {
                        out[p.stackRow() + r] += p.at(r, c) * v[c];
                    }
                }
            }
        }
        return out;
    }

    /** Adds {@code δ ⊗ v}, the gradient of {@code M} in {@code M · v}, into each block's parameter gradient. */
    void addOuter(Matrix m, double[] delta, double[] v, Map<String, Tensor> grads) {
        for (Placed p : place(m, grads)) {
            for (int r = 0; r < p.rows(); r++) {
                for (int c = 0; c < p.cols(); c++) {
                    double g = m.transposed() ? delta[c] * v[p.stackRow() + r] : delta[p.stackRow() + r] * v[c];
                    p.add(r, c, g);
                }
            }
        }
    }
}
