package io.rnnc.runtime.layer;

import io.rnnc.runtime.tensor.Tensor;
import java.util.Map;

/**
 * A layer applied to a whole padded batch {@code x[T][B][features]}, where sample {@code b} is
 * valid for steps {@code t < lengths[b]}. Padding influences nothing: outputs there are 0, and
 * neither the input gradient nor any parameter gradient depends on padded inputs or on the
 * upstream gradient at padded positions.
 */
public interface SequenceLayer {

    /** The number of input features per step. */
    int inputSize();

    /** The number of output features per step. */
    int outputSize();

    /**
     * The live parameter tensors by local name (such as {@code weight} and {@code bias}); an
     * optimizer updates them in place. Empty for a layer without parameters.
     */
    Map<String, Tensor> parameters();

    /**
     * Runs the layer over a batch.
     *
     * @param x input {@code [T][B][inputSize()]}
     * @param lengths valid steps per sample, each in {@code [0, T]}
     * @param training whether this pass is for training (dropout is active only then)
     * @return the output {@code [T][B][outputSize()]}, zero at padding, and what backward needs
     * @throws IllegalArgumentException if the shapes of {@code x} and {@code lengths} disagree
     */
    Pass forward(double[][][] x, int[] lengths, boolean training);

    /**
     * Backpropagates through one pass of this layer.
     *
     * @param pass a pass this layer made
     * @param dy the gradient of the loss w.r.t. the output, {@code [T][B][outputSize()]}; values at
     *     padded positions are ignored
     * @param grads parameter gradients by local name: this layer adds its gradients into them,
     *     creating zero tensors of the parameter's shape for missing names
     * @return the gradient w.r.t. the input, {@code [T][B][inputSize()]}, zero at padding
     * @throws IllegalArgumentException if the pass is not this layer's kind or {@code dy} has the
     *     wrong shape
     */
    double[][][] backward(Pass pass, double[][][] dy, Map<String, Tensor> grads);

    /**
     * The result of a forward pass.
     *
     * @param y the output {@code [T][B][outputSize()]}, zero at padding
     * @param saved what the layer keeps for its backward pass; opaque to callers
     */
    record Pass(double[][][] y, Object saved) {
    }
}
