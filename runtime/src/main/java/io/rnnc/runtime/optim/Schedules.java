package io.rnnc.runtime.optim;

/** Argument checks shared by the learning-rate schedules. */
final class Schedules {
    private Schedules() {
    }

    /** Returns {@code step} if it is a valid step number. */
    static long requireStep(long step) {
        if (step < 0) {
            throw new IllegalArgumentException("a learning-rate schedule starts at step 0, not " + step);
        }
        return step;
    }

    /** Returns {@code lr} if it is a usable learning rate. */
    static double requireRate(String what, double lr) {
        if (!(lr >= 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException(what + " must be a finite number >= 0 but is " + lr);
        }
        return lr;
    }

    /** Returns {@code count} if it is positive. */
    static long requirePositive(String what, long count) {
        if (count <= 0) {
            throw new IllegalArgumentException(what + " must be at least 1 but is " + count);
        }
        return count;
    }
}
