package io.rnnc.runtime.init;

import io.rnnc.runtime.tensor.Tensor;
import java.util.Arrays;
import java.util.Random;

/** Every element set to the same value; any shape. */
final class ConstantFill implements Initializer {

    private final double value;
    private final String name;

    ConstantFill(double value, String name) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("a constant initializer needs a finite value, not " + value);
        }
        this.value = value;
        this.name = name;
    }

    @Override
    public void fill(Tensor t, Random rng) {
        Arrays.fill(t.data(), value);
    }

    @Override
    public String name() {
        return name;
    }
}
