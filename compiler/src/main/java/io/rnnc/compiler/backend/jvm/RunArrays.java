package io.rnnc.compiler.backend.jvm;

import io.rnnc.compiler.ir.Matrix;
import io.rnnc.runtime.blas.Blas;
import io.rnnc.runtime.tensor.Tensor;
import java.util.HashMap;
import java.util.Map;

/**
 * The arrays of one forward call of a {@link JvmLayer}, kept for its backward call: every
 * buffer of the layout, sized for T steps of B rows, the table the generated kernels index,
 * and the weights packed for the BLAS.
 */
final class RunArrays {
    final int steps;
    final int batch;
    int[] lengths;
    /** Counts the forward passes these arrays served; a forward's handle names the one it was. */
    int generation;
    final Object[] arrays;
    final Object table;
    /** The weights packed for the BLAS, kept with the arrays and refilled at each forward pass they serve. */
    final Map<Matrix, Packed> packed = new HashMap<>();
    /** The packed matrix of each MATVEC node, once looked up: the time loop neither hashes nor allocates. */
    final Blas.Resident[] packedByNode;
    private final Layout layout;
    /** Each step's buffer offsets, computed once: the work beside the time loop reads them from both threads. */
    private final int[][] stepOffsets;
    private final Map<String, double[][]> heldSeeds = new HashMap<>();
    private double[][][] outputs;
    private double[][][] inputGrads;

    RunArrays(CompiledCell cell, Map<String, Tensor> params, int steps, int batch, int[] lengths) {
        this.steps = steps;
        this.batch = batch;
        this.lengths = lengths;
        this.layout = cell.layout;
        this.packedByNode = new Blas.Resident[cell.schedule.program().backward().nodes().size()];
        Precision p = cell.precision;
        arrays = new Object[layout.arrays.size()];
        for (int i = 0; i < arrays.length; i++) {
            Layout.ArraySpec a = layout.arrays.get(i);
            arrays[i] = switch (a.kind()) {
                case PARAM -> {
                    Object values = p.alloc(a.width());
                    p.copyIn(params.get(a.name()).data(), 0, values, 0, a.width());
                    yield values;
                }
                case SEQUENCE -> p.alloc((a.before() + steps) * batch * a.width());
                case SCRATCH -> p.alloc(batch * a.width());
            };
        }
        stepOffsets = new int[steps][];
        for (int t = 0; t < steps; t++) {
            stepOffsets[t] = offsets(t, new int[layout.buffers.size()]);
        }
        table = p.table(layout.buffers.size());
        for (int k = 0; k < layout.buffers.size(); k++) {
            p.put(table, k, arrays[layout.buffers.get(k).array()]);
        }
    }

    /** A matrix packed row-major for the BLAS; {@link #generation} tells which forward pass filled it. */
    static final class Packed {
        final Matrix matrix;
        final int rows;
        final int cols;
        /** The matrix in float64 as the parameters hold it, before it is copied into {@link #array}. */
        final double[] staging;
        final Object array;
        Blas.Resident resident;
        int generation = -1;

        Packed(Matrix matrix, int rows, int cols, Object array) {
            this.matrix = matrix;
            this.rows = rows;
            this.cols = cols;
            this.staging = new double[rows * cols];
            this.array = array;
        }
    }

    /**
     * Buffer offsets at step t; {@code t = 0} with rows counted over all steps is the whole
     * sequence. The array is shared: read it, never write it.
     */
    int[] offsets(int t) {
        return stepOffsets[t];
    }

    private int[] offsets(int t, int[] offs) {
        for (int k = 0; k < offs.length; k++) {
            Layout.Buffer b = layout.buffers.get(k);
            Layout.ArraySpec a = layout.arrays.get(b.array());
            offs[k] = a.kind() == Layout.ArrayKind.SEQUENCE ? (a.before() + t - b.shift()) * batch * a.width() : 0;
        }
        return offs;
    }

    Object array(Slot s) {
        return arrays[layout.buffers.get(s.buffer()).array()];
    }

    /** Element index of row b, element i of a node's slot at offsets {@code offs}. */
    int index(Slot s, int[] offs, int b, int i) {
        return offs[s.buffer()] + b * s.stride() + s.offset() + i;
    }

    /** Rows of state gradient held back at a step where some sequences had ended, kept for every such step. */
    double[][] heldSeeds(String state, int width) {
        return heldSeeds.computeIfAbsent(state, k -> new double[batch][width]);
    }

    /**
     * The {@code [T][B][width]} array a forward pass returns its outputs in: the same for every
     * pass these arrays serve, so that a training step allocates nothing that grows with T.
     */
    double[][][] outputs(int width) {
        if (outputs == null) {
            outputs = new double[steps][batch][width];
        }
        return outputs;
    }

    /** The {@code [T][B][width]} array a backward pass returns the input gradients in, likewise. */
    double[][][] inputGrads(int width) {
        if (inputGrads == null) {
            inputGrads = new double[steps][batch][width];
        }
        return inputGrads;
    }

    /** Whether some sequence has ended before step t. */
    boolean masked(int t) {
        for (int len : lengths) {
            if (t >= len) {
                return true;
            }
        }
        return false;
    }
}
