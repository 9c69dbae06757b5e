package io.rnnc.runtime.layer;

import io.rnnc.runtime.tensor.Tensor;
import java.util.Locale;
import java.util.Map;

/** An activation such as ReLU applied to every value of every frame; the shape does not change. */
public final class FrameActivation implements FrameLayer {
    private final FrameShape shape;
    private final Activation activation;

    /**
     * @param shape the shape of each frame, in and out
     * @param activation the function applied to each value
     * @throws IllegalArgumentException if an argument is null
     */
    public FrameActivation(FrameShape shape, Activation activation) {
        if (shape == null || activation == null) {
            throw new IllegalArgumentException("a frame activation needs a shape and an activation");
        }
        this.shape = shape;
        this.activation = activation;
    }

    /** The function applied. */
    public Activation activation() {
        return activation;
    }

    @Override
    public FrameShape inputShape() {
        return shape;
    }

    @Override
    public FrameShape outputShape() {
        return shape;
    }

    /** The activation's name, such as {@code relu}. */
    @Override
    public String kind() {
        return activation.name().toLowerCase(Locale.ROOT);
    }

    /** None. */
    @Override
    public Map<String, Tensor> parameters() {
        return Map.of();
    }

    @Override
    public Pass forward(double[] frames, int count, boolean training) {
        FrameChecks.checkFrames("input", frames, count, shape);
        double[] y = new double[frames.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = activation.apply(frames[i]);
        }
        return new Pass(this, y, count, null);
    }

    @Override
    public double[] backward(Pass pass, double[] dy, Map<String, Tensor> grads, boolean inputGradient) {
        FrameChecks.saved(this, pass, dy, "a frame activation");
        if (!inputGradient) {
            return null;
        }
        double[] y = pass.y();
        double[] dx = new double[dy.length];
        for (int i = 0; i < dx.length; i++) {
            dx[i] = dy[i] * activation.derivativeFromOutput(y[i]);
        }
        return dx;
    }
}
