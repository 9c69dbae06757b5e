package io.rnnc.runtime.optim;

/** A learning-rate schedule: the rate to use at each optimizer step. */
@FunctionalInterface
public interface LearningRate {

    /**
     * Returns the learning rate for one step.
     *
     * @param step the number of optimizer steps already taken; the first step is 0
     * @return the learning rate, finite and non-negative
     * @throws IllegalArgumentException if {@code step} is negative
     */
    double at(long step);
}
