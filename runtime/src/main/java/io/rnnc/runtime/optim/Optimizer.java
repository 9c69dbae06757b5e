package io.rnnc.runtime.optim;

import io.rnnc.runtime.tensor.Tensor;
import java.util.Map;

/**
 * Updates a model's parameters from their gradients, one step at a time, keeping whatever running
 * state (momentum, moment estimates, step counts) its rule needs.
 *
 * <p>Parameters and gradients are maps from the same parameter names to tensors of equal shapes.
 * State is created per parameter the first time that parameter receives a gradient.
 */
public interface Optimizer {

    /**
     * Applies one update to {@code params} in place. A parameter with no entry in {@code grads} is
     * left unchanged and its state does not advance. Nothing is changed if an argument is rejected.
     *
     * @param params the parameters to update, by name
     * @param grads the gradients of the loss, by parameter name; each must name a parameter and
     *     have its shape
     * @param lr the learning rate for this step; finite and non-negative
     * @throws IllegalArgumentException if a gradient names no parameter, a shape differs from its
     *     parameter's (or from the state kept for it), or {@code lr} is negative or not finite
     */
    void step(Map<String, Tensor> params, Map<String, Tensor> grads, double lr);

    /**
     * Returns everything needed to resume exactly: the number of steps taken under {@code step},
     * and per parameter {@code p} its own step count under {@code step.p} and its state tensors
     * under names such as {@code exp_avg.p}. Counts are 1-element tensors.
     *
     * @return a snapshot of the state; later steps do not change it
     */
    Map<String, Tensor> state();

    /**
     * Replaces the state with one taken from {@link #state()} of an optimizer of the same kind.
     * The tensors are copied. Steps after this one are bit-for-bit those the saved optimizer
     * would have taken.
     *
     * @param state the saved state
     * @throws IllegalArgumentException naming the key, if a key is missing, unexpected for this
     *     optimizer, or holds a tensor of the wrong shape or a count that is not a whole number
     */
    void loadState(Map<String, Tensor> state);

    /**
     * Names the update rule.
     *
     * @return the name used by {@link Optimizers#named}, for example {@code adam}
     */
    String name();
}
