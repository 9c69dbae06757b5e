package io.rnnc.compiler.ir;

import io.rnnc.runtime.tensor.Tensor;
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

    /** Access to {@code matrix} with the size variables bound by {@code sizes}. */
    public MatrixAccess(Matrix matrix, Map<String, Integer> sizes) {
        this.matrix = matrix;
        int n = matrix.blocks().size();
        this.r0 = new int[n];
        this.c0 = new int[n];
        int stackRows = matrix.stackRows().evaluate(sizes);
        this.blockOfRow = new int[stackRows];
        this.rowInBlock = new int[stackRows];
        int row = 0;
        for (int i = 0; i < n; i++) {
            Matrix.Block b = matrix.blocks().get(i);
            r0[i] = b.rowOffset().evaluate(sizes);
            c0[i] = b.colOffset().evaluate(sizes);
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

    /** The whole matrix, row-major, {@code rows × cols}: one pass per block, not a lookup per element. */
    public double[] dense(Map<String, Tensor> tensors, int rows, int cols) {
        double[] out = new double[rows * cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                int stackRow = matrix.transposed() ? c : r;
                int col = matrix.transposed() ? r : c;
                int i = blockOfRow[stackRow];
                out[r * cols + c] = tensor(tensors, i).data()[index(i, tensor(tensors, i), rowInBlock[stackRow], col)];
            }
        }
        return out;
    }

    /** Adds a dense row-major {@code rows × cols} matrix into the blocks' tensors. */
    public void addDense(Map<String, Tensor> tensors, double[] dense, int rows, int cols) {
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                int stackRow = matrix.transposed() ? c : r;
                int col = matrix.transposed() ? r : c;
                int i = blockOfRow[stackRow];
                tensor(tensors, i).data()[index(i, tensor(tensors, i), rowInBlock[stackRow], col)] += dense[r * cols + c];
            }
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
