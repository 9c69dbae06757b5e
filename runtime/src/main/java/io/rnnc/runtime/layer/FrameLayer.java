package io.rnnc.runtime.layer;

import io.rnnc.runtime.tensor.Tensor;
import java.util.Map;

/**
 * A layer applied to each frame of a packed block of frames, the same way to every frame: a
 * 2-D convolution, an activation, pooling or a normalisation. {@link FrameStack} runs a chain of
 * them on every valid frame of a batch of image sequences at once, so a frame layer never sees
 * padding.
 *
 * <p>Frames are stored flat and back to back, {@code [count][height][width][channels]}, in the
 * layout {@link FrameShape} describes.
 */
public interface FrameLayer {

    /** The shape of each input frame. */
    FrameShape inputShape();

    /** The shape of each output frame. */
    FrameShape outputShape();

    /**
     * What the layer is, for the names of its parameters in a stack ({@code conv}, {@code norm});
     * a layer without parameters may return anything.
     */
    String kind();

    /** The live parameter tensors by local name; empty for a layer without parameters. */
    Map<String, Tensor> parameters();

    /**
     * Runs the layer on {@code count} frames.
     *
     * @param frames {@code count·inputShape().size()} values
     * @param training whether this pass is for training
     * @return the output frames and what backward needs
     * @throws IllegalArgumentException if {@code frames} does not hold {@code count} input frames
     */
    Pass forward(double[] frames, int count, boolean training);

    /**
     * Backpropagates through one pass of this layer.
     *
     * @param pass a pass this layer made
     * @param dy the gradient w.r.t. the pass's output frames
     * @param grads parameter gradients by local name: this layer adds its gradients into them,
     *     creating zero tensors of the parameter's shape for missing names
     * @param inputGradient whether the gradient w.r.t. the input is wanted: not for a model's
     *     first layer, whose input is data
     * @return the gradient w.r.t. the pass's input frames, or null when not wanted
     * @throws IllegalArgumentException if the pass is not this layer's or {@code dy} has the wrong size
     */
    double[] backward(Pass pass, double[] dy, Map<String, Tensor> grads, boolean inputGradient);

    /**
     * The result of a forward pass.
     *
     * @param owner the layer that made it
     * @param y the output frames, {@code count·outputShape().size()} values
     * @param count the number of frames
     * @param saved what the layer keeps for its backward pass; opaque to callers
     */
    record Pass(FrameLayer owner, double[] y, int count, Object saved) {
    }
}
