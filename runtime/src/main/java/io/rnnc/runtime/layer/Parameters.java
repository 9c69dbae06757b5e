package io.rnnc.runtime.layer;

import io.rnnc.runtime.tensor.Tensor;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;

/** Initialization of parameters and lookup of their gradient accumulators. */
final class Parameters {
    private Parameters() {
    }

    /**
     * A tensor of the given shape drawn uniformly in ±1/√fanIn: PyTorch's default for the weight
     * and the bias of Linear and Conv1d (its Kaiming-uniform with a = √5 reduces to this bound).
     */
    static Tensor uniform(Random rng, int fanIn, int... shape) {
        Tensor t = Tensor.zeros(shape);
        double bound = 1 / Math.sqrt(fanIn);
        double[] d = t.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = (rng.nextDouble() * 2 - 1) * bound;
        }
        return t;
    }

    /**
     * The gradient tensor for parameter {@code name} in {@code grads}, created as zeros of the
     * parameter's shape when missing.
     *
     * @throws IllegalArgumentException if a present tensor has another shape
     */
    static Tensor gradientFor(Map<String, Tensor> grads, String name, Tensor parameter) {
        if (grads == null) {
            throw new IllegalArgumentException("the gradient map must not be null");
        }
        Tensor g = grads.computeIfAbsent(name, key -> Tensor.zeros(parameter.shape()));
        if (!Arrays.equals(g.shape(), parameter.shape())) {
            throw new IllegalArgumentException("the gradient for '" + name + "' has shape " + g.shapeString()
                    + " but the parameter has shape " + parameter.shapeString());
        }
        return g;
    }
}
