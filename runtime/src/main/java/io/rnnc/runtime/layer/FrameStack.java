package io.rnnc.runtime.layer;

import io.rnnc.runtime.tensor.Tensor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Frame layers (convolutions, activations, pooling) applied to every frame of a batch of image
 * sequences, the CNN in front of a CNN/RNN model. Each step's input is a frame flattened as
 * {@link FrameShape} says; each step's output is the last layer's output frame, flattened the
 * same way (height, width, channels), so a recurrent layer reads it as a feature vector.
 *
 * <p>The valid frames of a batch are packed into one block before the first layer, so each layer
 * runs once over all of them (one matrix product per convolution) and padded frames are never
 * computed: they contribute nothing to outputs, gradients or statistics.
 *
 * <p>Parameters are named by the layer's kind and its number among the layers of that kind,
 * counting from 1: {@code conv1.weight}, {@code conv2.bias}. Adding a layer of another kind, or
 * one without parameters, renames nothing.
 */
public final class FrameStack implements SequenceLayer {
    private final List<FrameLayer> layers;
    /** The name prefix of each layer's parameters, such as {@code conv1.}. */
    private final List<String> prefixes;
    private boolean inputGradients = true;

    /**
     * @param layers the layers in order, each reading the shape the one before writes
     * @throws IllegalArgumentException if there is no layer or two neighbours' shapes disagree
     */
    public FrameStack(List<FrameLayer> layers) {
        if (layers == null || layers.isEmpty() || layers.stream().anyMatch(Objects::isNull)) {
            throw new IllegalArgumentException("a frame stack needs at least one layer, and no null ones");
        }
        for (int i = 1; i < layers.size(); i++) {
            FrameShape before = layers.get(i - 1).outputShape();
            FrameShape next = layers.get(i).inputShape();
            if (!before.equals(next)) {
                throw new IllegalArgumentException("frame layer " + (i + 1) + " (" + layers.get(i).kind() + ") reads "
                        + next + " frames but the layer before it writes " + before);
            }
        }
        this.layers = List.copyOf(layers);
        this.prefixes = prefixes(this.layers);
    }

    private static List<String> prefixes(List<FrameLayer> layers) {
        Map<String, Integer> seen = new HashMap<>();
        List<String> out = new ArrayList<>();
        for (FrameLayer layer : layers) {
            out.add(layer.kind() + seen.merge(layer.kind(), 1, Integer::sum) + ".");
        }
        return out;
    }

    /**
     * Whether backward passes compute the gradient of this stack's input (on by default): off
     * for a model's first layer, whose input is data; its backward then returns null, and the
     * first layer's share of the work (for a convolution, a matrix product and the scatter of
     * the patches' gradients) is skipped.
     */
    public void setInputGradients(boolean needed) {
        this.inputGradients = needed;
    }

    /** The layers in order. */
    public List<FrameLayer> layers() {
        return layers;
    }

    /** The shape of each input frame. */
    public FrameShape inputShape() {
        return layers.get(0).inputShape();
    }

    /** The shape of each output frame, before it is flattened. */
    public FrameShape outputShape() {
        return layers.get(layers.size() - 1).outputShape();
    }

    @Override
    public int inputSize() {
        return inputShape().size();
    }

    @Override
    public int outputSize() {
        return outputShape().size();
    }

    /** Every layer's parameters under its prefix, such as {@code conv1.weight}. */
    @Override
    public Map<String, Tensor> parameters() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (int i = 0; i < layers.size(); i++) {
            String prefix = prefixes.get(i);
            layers.get(i).parameters().forEach((name, t) -> out.put(prefix + name, t));
        }
        return out;
    }

    /** What a pass keeps: the layer, the valid positions and each layer's pass. */
    private record Saved(FrameStack owner, ValidRows rows, List<FrameLayer.Pass> passes) {
    }

    @Override
    public Pass forward(double[][][] x, int[] lengths, boolean training) {
        SequenceChecks.check("input", x, lengths, inputSize());
        ValidRows rows = ValidRows.of(x.length, lengths);
        double[] frames = rows.pack(x, inputSize());
        List<FrameLayer.Pass> passes = new ArrayList<>();
        for (FrameLayer layer : layers) {
            FrameLayer.Pass pass = layer.forward(frames, rows.count(), training);
            passes.add(pass);
            frames = pass.y();
        }
        return new Pass(rows.unpack(frames, outputSize()), new Saved(this, rows, passes));
    }

    @Override
    public double[][][] backward(Pass pass, double[][][] dy, Map<String, Tensor> grads) {
        if (pass == null || !(pass.saved() instanceof Saved s) || s.owner() != this) {
            throw new IllegalArgumentException("a frame stack's backward needs a pass made by its own forward");
        }
        if (grads == null) {
            throw new IllegalArgumentException("the gradient map must not be null");
        }
        SequenceChecks.checkGradient(dy, s.rows(), outputSize());
        double[] d = s.rows().pack(dy, outputSize());
        for (int i = layers.size() - 1; i >= 0; i--) {
            d = backwardOne(i, s.passes().get(i), d, grads, i > 0 || inputGradients);
        }
        return inputGradients ? s.rows().unpack(d, inputSize()) : null;
    }

    /** Layer i's backward, its gradients read from and written to {@code grads} under its prefix. */
    private double[] backwardOne(int i, FrameLayer.Pass pass, double[] d, Map<String, Tensor> grads,
                                 boolean inputGradient) {
        String prefix = prefixes.get(i);
        Map<String, Tensor> local = new HashMap<>();
        for (String name : layers.get(i).parameters().keySet()) {
            Tensor g = grads.get(prefix + name);
            if (g != null) {
                local.put(name, g);
            }
        }
        double[] dx = layers.get(i).backward(pass, d, local, inputGradient);
        local.forEach((name, g) -> grads.put(prefix + name, g));
        return dx;
    }
}
