package io.rnnc.compiler.ir;

import io.rnnc.compiler.check.Size;
import java.util.List;

/**
 * The matrix of a MATVEC: blocks of parameter matrices stacked by rows, or the transpose of
 * such a stack. One block is the common case (`W v`); several blocks sharing an operand are one
 * GEMM (the LSTM's four gates), and the transpose is what backpropagation multiplies by.
 *
 * @param blocks blocks with the same number of columns, stacked top to bottom
 * @param transposed whether the matrix is the transpose of the stack
 */
public record Matrix(List<Block> blocks, boolean transposed) {

    /** A single block, not transposed. */
    public static Matrix of(Block block) {
        return new Matrix(List.of(block), false);
    }

    /** The transpose of this matrix. */
    public Matrix transpose() {
        return new Matrix(blocks, !transposed);
    }

    /** Total rows of the stack (before any transposition). */
    public Size stackRows() {
        return blocks.stream().map(Block::rows).reduce(Size.of(0), Size::plus);
    }

    /** Rows of this matrix: the length of its product with a vector. */
    public Size rows() {
        return transposed ? blocks.get(0).cols() : stackRows();
    }

    /** Columns of this matrix: the length of the vector it multiplies. */
    public Size cols() {
        return transposed ? stackRows() : blocks.get(0).cols();
    }

    /** True for one block, untransposed at the stack level. */
    public boolean isSingle() {
        return blocks.size() == 1 && !transposed;
    }

    /**
     * A block of one parameter: {@code M[rowOffset : rowOffset+rows, colOffset : colOffset+cols]}
     * with {@code M = transposed ? Wᵀ : W} for the stored matrix W.
     */
    public record Block(String param, boolean transposed, Size rowOffset, Size rows, Size colOffset, Size cols) {
    }
}
