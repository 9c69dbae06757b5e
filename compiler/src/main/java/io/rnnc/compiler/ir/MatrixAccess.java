package io.rnnc.compiler.ir;

import io.rnnc.runtime.step.CellPlan;
import io.rnnc.runtime.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Element access to a {@link Matrix} once sizes are known: where element (r, c) lives in the
 * parameter tensors. Used to pack a stacked matrix for BLAS, to split its gradient back over
 * the parameters, and by the reference interpreter.
 */
public final class MatrixAccess {
    private final Matrix matrix;
    private final int[] blockOfRow;
    private final int[] rowInBlock;
    private final int[] r0;
    private final int[] c0;
    /** The length of a stacked row in block i: the matrix's other dimension. */
    private final int[] width;

    /** Access to {@code matrix} with the size variables bound by {@code sizes}. */
    public MatrixAccess(Matrix matrix, Map<String, Integer> sizes) {
        this.matrix = matrix;
        int n = matrix.blocks().size();
        this.r0 = new int[n];
        this.c0 = new int[n];
        this.width = new int[n];
        int stackRows = matrix.stackRows().evaluate(sizes);
        this.blockOfRow = new int[stackRows];
        this.rowInBlock = new int[stackRows];
        int row = 0;
        for (int i = 0; i < n; i++) {
            Matrix.Block b = matrix.blocks().get(i);
            r0[i] = b.rowOffset().evaluate(sizes);
            c0[i] = b.colOffset().evaluate(sizes);
            width[i] = b.cols().evaluate(sizes);
            int rows = b.rows().evaluate(sizes);
            for (int r = 0; r < rows; r++) {
                blockOfRow[row] = i;
                rowInBlock[row] = r;
                row++;
            }
        }
    }

    /** Element (r, c) of the matrix, read from {@code tensors} (parameters by name). */
    public double get(Map<String, Tensor> tensors, int r, int c) {
        int stackRow = matrix.transposed() ? c : r;
        int col = matrix.transposed() ? r : c;
        int i = blockOfRow[stackRow];
        Tensor w = tensors.get(matrix.blocks().get(i).param());
        return w.data()[index(i, w, rowInBlock[stackRow], col)];
    }

    /** Adds {@code v} to element (r, c) in {@code tensors} (parameter gradients by name). */
    public void add(Map<String, Tensor> tensors, int r, int c, double v) {
        int stackRow = matrix.transposed() ? c : r;
        int col = matrix.transposed() ? r : c;
        int i = blockOfRow[stackRow];
        Tensor w = tensors.get(matrix.blocks().get(i).param());
        w.data()[index(i, w, rowInBlock[stackRow], col)] += v;
    }

    /** The whole matrix, row-major, {@code rows × cols}: a pass per stacked row, copies where rows are contiguous. */
    public double[] dense(Map<String, Tensor> tensors, int rows, int cols) {
        double[] out = new double[rows * cols];
        dense(tensors, cols, out);
        return out;
    }

    /** The same, written into {@code out} (at least rows × cols long), which a caller keeps from one pass to the next. */
    public void dense(Map<String, Tensor> tensors, int cols, double[] out) {
        if (matrix.transposed()) {
            transposed(tensors, cols, out);
            return;
        }
        eachStackedRow(tensors, cols, (data, start, step, at, outStep, n) -> {
            if (step == 1 && outStep == 1) {
                System.arraycopy(data, start, out, at, n);
                return;
            }
            for (int k = 0; k < n; k++) {
                out[at + k * outStep] = data[start + k * step];
            }
        });
    }

    /**
     * Where each row of the matrix lies in the parameters, for a runtime that packs it itself
     * (an execution plan): the matrix must not be transposed.
     */
    public List<CellPlan.RowCopy> rowCopies(Map<String, Tensor> tensors, int cols) {
        if (matrix.transposed()) {
            throw new IllegalStateException("row copies are of an untransposed matrix");
        }
        List<CellPlan.RowCopy> out = new ArrayList<>();
        int[] row = {0};
        eachStackedRow(tensors, cols, (data, start, step, at, denseStep, n) -> {
            String param = matrix.blocks().get(blockOfRow[row[0]++]).param();
            CellPlan.RowCopy last = out.isEmpty() ? null : out.get(out.size() - 1);
            // Rows that follow each other in the parameter and in the matrix are one copy (a whole block, often).
            if (last != null && step == 1 && last.step() == 1 && last.param().equals(param)
                    && last.start() + last.n() == start && last.at() + last.n() == at) {
                out.set(out.size() - 1, new CellPlan.RowCopy(param, last.start(), 1, last.at(), last.n() + n));
            } else {
                out.add(new CellPlan.RowCopy(param, start, step, at, n));
            }
        });
        return out;
    }

    /** Stacked rows copied as columns a tile at a time. */
    private static final int TILE = 16;

    /**
     * The transpose of the stack into {@code out}: stacked row r becomes column r. Copied one
     * stacked row at a time, every element written would touch a different cache line (a
     * [512, 2048] matrix took 10 ms); a tile of rows at a time writes runs of {@code TILE}.
     * Every stacked row is as long, as the blocks have the same number of columns.
     */
    private void transposed(Map<String, Tensor> tensors, int cols, double[] out) {
        int count = blockOfRow.length;
        double[][] data = new double[count][];
        int[] start = new int[count];
        int[] step = new int[count];
        int[] length = new int[count];
        int[] row = {0};
        eachStackedRow(tensors, cols, (d, s, st, at, outStep, n) -> {
            data[row[0]] = d;
            start[row[0]] = s;
            step[row[0]] = st;
            length[row[0]] = n;
            row[0]++;
        });
        for (int r0 = 0; r0 < count; r0 += TILE) {
            int r1 = Math.min(count, r0 + TILE);
            for (int k = 0; k < length[r0]; k++) {
                for (int r = r0; r < r1; r++) {
                    out[r + k * cols] = data[r][start[r] + k * step[r]];
                }
            }
        }
    }

    /** Adds a dense row-major {@code rows × cols} matrix into the blocks' tensors. */
    public void addDense(Map<String, Tensor> tensors, double[] dense, int rows, int cols) {
        eachStackedRow(tensors, cols, (data, start, step, at, denseStep, n) -> {
            for (int k = 0; k < n; k++) {
                data[start + k * step] += dense[at + k * denseStep];
            }
        });
    }

    /**
     * Where one row of the stacked matrix lives: {@code n} values from {@code data[start]}
     * every {@code step} in its parameter, from {@code at} every {@code denseStep} in the dense
     * matrix.
     */
    private interface StackedRow {
        void visit(double[] data, int start, int step, int at, int denseStep, int n);
    }

    /** Visits every stacked row (a row of the matrix, or a column when it is transposed), looking each tensor up once. */
    private void eachStackedRow(Map<String, Tensor> tensors, int cols, StackedRow visitor) {
        for (int row = 0; row < blockOfRow.length; row++) {
            int i = blockOfRow[row];
            Tensor w = tensor(tensors, i);
            int stride = w.dim(1);
            boolean blockTransposed = matrix.blocks().get(i).transposed();
            int start = blockTransposed ? c0[i] * stride + r0[i] + rowInBlock[row]
                    : (r0[i] + rowInBlock[row]) * stride + c0[i];
            visitor.visit(w.data(), start, blockTransposed ? stride : 1, matrix.transposed() ? row : row * cols,
                    matrix.transposed() ? cols : 1, width[i]);
        }
    }

    private Tensor[] bound;
    private Map<String, Tensor> boundTo;

    /** The tensor of block i in {@code tensors}, remembered so that a pass looks each up once. */
    private Tensor tensor(Map<String, Tensor> tensors, int block) {
        if (boundTo != tensors) {
            bound = new Tensor[matrix.blocks().size()];
            for (int i = 0; i < bound.length; i++) {
                bound[i] = tensors.get(matrix.blocks().get(i).param());
            }
            boundTo = tensors;
        }
        return bound[block];
    }

    private int index(int block, Tensor w, int r, int c) {
        int stride = w.dim(1);
        return matrix.blocks().get(block).transposed()
                ? (c0[block] + c) * stride + r0[block] + r
                : (r0[block] + r) * stride + c0[block] + c;
    }
}
