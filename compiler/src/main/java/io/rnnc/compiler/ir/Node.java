package io.rnnc.compiler.ir;

import io.rnnc.compiler.check.Size;
import java.util.List;

/**
 * One operation of the step IR. Nodes are immutable and hash-consed by {@link GraphBuilder},
 * so equal computations are one node (common subexpressions are shared).
 *
 * @param id position in the graph; inputs always have smaller ids
 * @param op the operation
 * @param inputs the operand node ids
 * @param size the length of the vector this node computes, or null for a scalar
 * @param name INPUT/STATE/PARAM/SEED_STATE: the input, state or parameter name
 * @param lag STATE: steps back
 * @param value CONST: the value; POW: the exponent
 * @param offset SLICE: where the slice starts; SIZE: the size whose length this is
 * @param matrix MATVEC: the matrix
 */
public record Node(int id, Op op, List<Integer> inputs, Size size, String name, int lag, double value, Size offset,
                   Matrix matrix) {

    /** True when this node computes a scalar. */
    public boolean isScalar() {
        return size == null;
    }

    /** The id of operand {@code i}. */
    public int in(int i) {
        return inputs.get(i);
    }
}
