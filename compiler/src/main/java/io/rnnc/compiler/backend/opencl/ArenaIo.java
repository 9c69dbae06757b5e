package io.rnnc.compiler.backend.opencl;

import io.rnnc.compiler.backend.jvm.Layout;
import io.rnnc.compiler.backend.jvm.Slot;
import io.rnnc.compiler.ir.Matrix;
import io.rnnc.compiler.ir.MatrixAccess;
import io.rnnc.runtime.tensor.Tensor;
import java.util.Map;

/** Copies between the engine's arrays and a run's arena on the host, in float32. */
final class ArenaIo {
    private ArenaIo() {
    }

    /** Every parameter vector, and every product's matrix packed transposed: element (r, c) at c·rows + r. */
    static void parameters(OpenClCell cell, Arena a, float[] mem, Map<String, Tensor> params) {
        Layout l = cell.layout;
        for (int i = 0; i < l.arrays.size(); i++) {
            Layout.ArraySpec spec = l.arrays.get(i);
            if (spec.kind() == Layout.ArrayKind.PARAM) {
                copyIn(params.get(spec.name()).data(), mem, a.arrayStart[i], spec.width());
            }
        }
        for (Map.Entry<Matrix, Integer> e : a.packedStart.entrySet()) {
            int rows = Arena.rows(e.getKey(), cell);
            int cols = Arena.cols(e.getKey(), cell);
            double[] dense = new MatrixAccess(e.getKey(), cell.sizes).dense(params, rows, cols);
            int start = e.getValue();
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    mem[start + c * rows + r] = (float) dense[r * cols + c];
                }
            }
        }
    }

    /** A [T][B][w] sequence into the array starting at {@code start}; rows at or past a sequence's length get zeros when masked. */
    static void sequence(double[][][] x, float[] mem, int start, int width, int[] lengths, boolean masked) {
        int batch = lengths.length;
        for (int t = 0; t < x.length; t++) {
            for (int b = 0; b < batch; b++) {
                if (!masked || t < lengths[b]) {
                    copyIn(x[t][b], mem, start + (t * batch + b) * width, width);
                }
            }
        }
    }

    /** Adds B rows of width w at row {@code firstRow} of the array starting at {@code start}. */
    static void addRows(double[][] v, float[] mem, int start, int firstRow, int width) {
        for (int b = 0; b < v.length; b++) {
            int at = start + (firstRow + b) * width;
            for (int i = 0; i < width; i++) {
                mem[at + i] += (float) v[b][i];
            }
        }
    }

    /** B rows of width w from row {@code firstRow} of the array starting at {@code start}. */
    static double[][] rows(float[] mem, int start, int firstRow, int count, int width) {
        double[][] out = new double[count][width];
        for (int b = 0; b < count; b++) {
            copyOut(mem, start + (firstRow + b) * width, out[b], width);
        }
        return out;
    }

    /** A node's value at every step and row into [T][B][w]; a scalar fills the row; rows past a length stay zero when masked. */
    static double[][][] sequenceOut(float[] mem, Arena a, Slot s, boolean scalar, int width, int[] lengths,
                                    boolean masked, boolean wholeSequence) {
        double[][][] out = new double[a.steps][a.batch][width];
        for (int t = 0; t < a.steps; t++) {
            for (int b = 0; b < a.batch; b++) {
                if (masked && t >= lengths[b]) {
                    continue;
                }
                int at = wholeSequence ? a.index(s, 0, t * a.batch + b) : a.index(s, t, b);
                if (scalar) {
                    java.util.Arrays.fill(out[t][b], mem[at]);
                } else {
                    copyOut(mem, at, out[t][b], width);
                }
            }
        }
        return out;
    }

    static void copyIn(double[] from, float[] to, int at, int n) {
        for (int i = 0; i < n; i++) {
            to[at + i] = (float) from[i];
        }
    }

    static void copyOut(float[] from, int at, double[] to, int n) {
        for (int i = 0; i < n; i++) {
            to[i] = from[at + i];
        }
    }
}
