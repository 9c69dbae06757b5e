package io.rnnc.compiler.schedule;

import io.rnnc.compiler.CellProgram;
import java.util.List;
import java.util.Set;

/**
 * How a compiled backend runs a cell: which matrix products are one GEMM over all steps
 * (hoisted), which run at each step and in what order with the fused elementwise regions
 * between them, what the forward pass keeps for the backward pass, and what the backward pass
 * leaves until after its time loop (the input's gradient, the weight gradients).
 *
 * @param program the grouped program the schedule is for
 * @param hoist forward nodes of the input alone, run before the loop over all T·B rows at once:
 *              products whose operand depends only on the input (each one GEMM), and elementwise
 *              nodes the forward pass keeps for every step, with what they need
 * @param forward the forward step: stages of GEMMs, each followed by its fused region
 * @param backward the backward step, the same way, over the backward nodes the loop needs
 * @param deferred backward nodes only the input's gradient needs: run over T·B rows after the loop
 * @param savedForward forward nodes kept for every step (read by the backward pass or after it)
 * @param savedBackward backward loop nodes kept for every step (read after the loop)
 */
public record Schedule(CellProgram program, List<Stage> hoist, List<Stage> forward,
                       List<Stage> backward, List<Stage> deferred, Set<Integer> savedForward,
                       Set<Integer> savedBackward) {

    /**
     * The products that can start once the previous region is done, then the elementwise nodes
     * that can run once they are.
     *
     * @param gemms MATVEC nodes, each one GEMM over the batch
     * @param region the fused region after them
     */
    public record Stage(List<Integer> gemms, Region region) {
    }

    /**
     * Elementwise and whole-vector nodes computed together, in order, in one generated loop
     * over the batch.
     */
    public record Region(List<Integer> nodes) {
        /** True when there is nothing to compute. */
        public boolean isEmpty() {
            return nodes.isEmpty();
        }
    }
}
