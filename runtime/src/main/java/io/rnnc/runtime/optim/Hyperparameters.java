package io.rnnc.runtime.optim;

/** Range checks for optimizer settings, so that a bad value fails when it is given, not steps later. */
final class Hyperparameters {
    private Hyperparameters() {
    }

    /** Returns {@code value} if it is finite and at least 0. */
    static double nonNegative(String what, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(what + " must be a finite number >= 0 but is " + value);
        }
        return value;
    }

    /** Returns {@code value} if it lies in [0, 1), the range of a decay rate. */
    static double decayRate(String what, double value) {
        if (!(value >= 0 && value < 1)) {
            throw new IllegalArgumentException(what + " must be in [0, 1) but is " + value);
        }
        return value;
    }
}
