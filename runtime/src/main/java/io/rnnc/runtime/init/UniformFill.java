package io.rnnc.runtime.init;

import io.rnnc.runtime.tensor.Tensor;
import java.util.Random;

/** Independent draws from U(−bound, bound); any shape. */
final class UniformFill implements Initializer {

    private final double bound;
    private final String name;

    UniformFill(double bound, String name) {
        if (!(bound > 0) || Double.isInfinite(bound)) {
            throw new IllegalArgumentException("a uniform initializer needs a finite bound > 0, not " + bound);
        }
        this.bound = bound;
        this.name = name;
    }

    @Override
    public void fill(Tensor t, Random rng) {
        fillUniform(t.data(), bound, rng);
    }

    /** Fills {@code data} in order with draws from U(−bound, bound). */
    static void fillUniform(double[] data, double bound, Random rng) {
        for (int i = 0; i < data.length; i++) {
            data[i] = bound * (2 * rng.nextDouble() - 1);
        }
    }

    @Override
    public String name() {
        return name;
    }
}
