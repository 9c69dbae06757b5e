package io.rnnc.runtime.engine;

import io.rnnc.runtime.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One recurrent layer in one direction, ready to run: a compiled cell with its parameters.
 * Sequences are {@code [T][B][features]} arrays; {@code lengths[b]} steps of sample b are
 * valid, and past them states are carried unchanged and outputs are zero.
 *
 * <p>A layer may return the same sequence arrays from one training step to the next, so that
 * a step allocates nothing that grows with T: the {@code y} of a forward pass and the
 * {@code dx} of its backward pass stay valid until the next forward pass that follows that
 * backward pass. Copy them to keep them longer.
 */
public interface RecurrentLayer extends AutoCloseable {
    /** The layer's input size. */
    int inputSize();

    /** The layer's output size. */
    int outputSize();

    /** The names of the states, in the cell's order. */
    List<String> stateNames();

    /** The size of each state. */
    int stateSize(String state);

    /**
     * The states this layer multiplies by a dropout mask where its matrix products read them
     * (compiled for variational dropout on the recurrent state); empty if none.
     */
    default Set<String> maskedStates() {
        return Set.of();
    }

    /**
     * The masks of the {@link #maskedStates()} for the forward passes from now on, {@code [B][size]}
     * by state, the same at every step; a state without one is multiplied by ones.
     *
     * @throws UnsupportedOperationException if masks are given to a layer that has none
     */
    default void setStateMasks(Map<String, double[][]> masks) {
        if (!masks.isEmpty()) {
            throw new UnsupportedOperationException("this layer was not compiled with state masks");
        }
    }

    /**
     * Whether backward passes compute ∂L/∂x (on by default). A layer whose input is data, such
     * as the first layer of a model, needs none; a compiled layer then skips the products that
     * only the input gradient needs, and its {@link Backward#dx()} is null. Layers that always
     * compute it may ignore this.
     */
    default void setInputGradients(boolean needed) {
    }

    /** The parameters, by the cell's names; the live tensors. */
    Map<String, Tensor> parameters();

    /**
     * Runs the layer over a batch.
     *
     * @param initial each state's initial value {@code [B][size]}; a missing state starts at zero
     */
    Forward forward(double[][][] x, int[] lengths, Map<String, double[][]> initial);

    /**
     * Backpropagation through time for the loss whose gradients w.r.t. the outputs and final
     * states are given; parameter gradients are added to {@code paramGrads} (by name).
     *
     * @param dy ∂L/∂y {@code [T][B][out]}
     * @param dFinal ∂L/∂(final state) {@code [B][size]} by state; missing is zero
     */
    Backward backward(Forward forward, double[][][] dy, Map<String, double[][]> dFinal, Map<String, Tensor> paramGrads);

    /** Outputs and final states of a forward run; {@code saved} is whatever the backward pass needs. */
    record Forward(double[][][] y, Map<String, double[][]> finalStates, Object saved) {
    }

    /** Gradients w.r.t. the input (null where {@link #setInputGradients} turned them off) and the initial states. */
    record Backward(double[][][] dx, Map<String, double[][]> dInitial) {
    }

    /**
     * Frees what the layer holds outside the Java heap, such as an OpenCL device's memory; the
     * layer cannot run after. Nothing to free by default.
     */
    @Override
    default void close() {
    }
}
