package io.rnnc.runtime.init;

import io.rnnc.runtime.tensor.Tensor;
import java.util.Random;

/**
 * A rule for the starting values of a parameter. Matrices are stored {@code [out, in]}: rows are
 * the fan-out, columns the fan-in.
 */
public interface Initializer {

    /**
     * Overwrites every element of {@code t}. Random rules draw from {@code rng} in a fixed order,
     * so the same seed gives the same values.
     *
     * @param t the tensor to fill
     * @param rng the source of randomness; rules that draw nothing leave it untouched
     * @throws IllegalArgumentException if the rule cannot fill a tensor of this shape
     */
    void fill(Tensor t, Random rng);

    /**
     * Names the rule in the form {@link Initializers#parse} reads back.
     *
     * @return the specification, for example {@code uniform:0.1}
     */
    String name();
}
