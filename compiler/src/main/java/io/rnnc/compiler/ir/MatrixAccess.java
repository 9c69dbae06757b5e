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

    private int index(int block, Tensor w, int r, int c) {
        int stride = w.dim(1);
        return matrix.blocks().get(block).transposed()
                ? (c0[block] + c) * stride + r0[block] + r
                : (r0[block] + r) * stride + c0[block] + c;
    }
}
