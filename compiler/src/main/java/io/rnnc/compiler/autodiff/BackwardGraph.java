package io.rnnc.compiler.autodiff;

import io.rnnc.compiler.ir.Matrix;
import io.rnnc.compiler.ir.Node;
import io.rnnc.compiler.ir.StepGraph;
import java.util.List;
import java.util.Map;

/**
 * The backward step of a cell: given the gradients arriving for each state's value at t and
 * for the output at t ({@code SEED_STATE}, {@code SEED_OUTPUT} nodes), the gradients of the
 * input at t, of each state read at t-k, and this step's contributions to the parameter
 * gradients. Its nodes extend the forward graph's, so they may read forward values.
 *
 * @param forward the forward step
 * @param nodes forward nodes followed by backward nodes
 * @param inputGrad the node of ∂L/∂x_t, or -1 when the loss does not depend on the input
 * @param stateGrads for each state read, the node of its gradient contribution
 * @param paramGrads this step's contributions to each parameter's gradient
 * @param adjoints for each forward node that receives a gradient, the node computing it
 */
public record BackwardGraph(StepGraph forward, List<Node> nodes, int inputGrad, Map<StateRead, Integer> stateGrads,
                            List<ParamGrad> paramGrads, Map<Integer, Integer> adjoints) {

    /** A state read at {@code lag} steps back. */
    public record StateRead(String state, int lag) {
    }

    /** A contribution to a parameter's gradient. */
    public sealed interface ParamGrad {
        /** The gradient node, added to the whole vector (or scalar) parameter. */
        record Direct(String param, int delta) implements ParamGrad {
        }

        /**
         * {@code δ ⊗ v} added to the matrix a MATVEC node multiplied by: split over its blocks,
         * and transposed back for blocks of a transpose.
         */
        record Outer(Matrix matrix, int delta, int operand) implements ParamGrad {
        }
    }
}
