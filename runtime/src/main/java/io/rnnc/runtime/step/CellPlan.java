package io.rnnc.runtime.step;

import java.util.List;
import java.util.Map;

/**
 * How to run one step of a compiled cell, with every size evaluated: the arrays and the views
 * of them the generated kernels index, the weight matrices packed for the BLAS (and where each
 * row of them comes from in the parameters), and, stage by stage, the products and the kernel
 * to run. The compiler makes it; the runtime runs it without the compiler, so it is plain data
 * that can be saved (an exported model holds it as JSON).
 *
 * @param cell the cell's name
 * @param f64 whether arrays and kernels are float64 (else float32)
 * @param lanes floats per vector in the kernels' vector loops, 0 for scalar loops only
 * @param inputSize values of x a step
 * @param arrays every array of a running cell, in the order the buffers index them
 * @param buffers the arrays as the kernels see them: buffer k is {@code arrays[array]} seen {@code shift} steps back
 * @param inputArray the array holding x, or −1 for a cell that reads none
 * @param output where the cell's output lives
 * @param states each state, with its history array
 * @param maskArrays arrays of recurrent-dropout masks, ones when not training
 * @param matrices the packed weights the products multiply by
 * @param hoist the stages computed over every step before the time loop (the input projection)
 * @param forward the stages of one step of the time loop
 * @param kernelClasses the generated kernels' class files by binary name
 */
public record CellPlan(String cell, boolean f64, int lanes, int inputSize, List<ArrayPlan> arrays,
                       List<BufferPlan> buffers, int inputArray, SlotPlan output, List<StatePlan> states,
                       List<Integer> maskArrays, List<MatrixPlan> matrices, List<StagePlan> hoist,
                       List<StagePlan> forward, Map<String, byte[]> kernelClasses) {

    /** The size of the cell's output. */
    public int outputSize() {
        return output.width();
    }

    /** How an array is sized. */
    public enum Kind {
        /** A parameter, its tensor's values: the same in every row. */
        PARAM,
        /** Rows of every step, after {@code before} steps of history (a state's past values). */
        SEQUENCE,
        /** One step's rows. */
        SCRATCH
    }

    /**
     * One array.
     *
     * @param name the parameter it holds for a PARAM array; a description otherwise
     */
    public record ArrayPlan(Kind kind, int width, int before, String name) {
    }

    /** An array seen {@code shift} steps back. */
    public record BufferPlan(int array, int shift) {
    }

    /** Element i of row b is {@code buffer[offset(buffer) + b·stride + offset + i]}; {@code width} elements. */
    public record SlotPlan(int buffer, int stride, int offset, int width) {
    }

    /** A state: its history array and its size; {@code maxLag} past steps are read. */
    public record StatePlan(String name, int array, int width, int maxLag) {
    }

    /**
     * A packed weight matrix, {@code rows × cols} row-major, assembled from the parameters: each
     * run copies {@code n} values of {@code param} from {@code start} every {@code step} to
     * {@code at} onwards.
     */
    public record MatrixPlan(int rows, int cols, List<RowCopy> copies) {
    }

    /** One row of a packed matrix as it lies in a parameter. */
    public record RowCopy(String param, int start, int step, int at, int n) {
    }

    /**
     * OUT = M·IN over a step's rows, with {@code transposed} false, or OUT = Mᵀ·IN (M stored as its
     * transpose); IN has {@code inWidth} values a row, OUT {@code outWidth}. A stride of 0 on the
     * input is a parameter, the same in every row.
     */
    public record ProductPlan(SlotPlan in, SlotPlan out, int matrix, boolean transposed) {
    }

    /** The products of a stage, then its kernel (a binary class name, or null for none). */
    public record StagePlan(List<ProductPlan> products, String kernel) {
    }
}
