package io.rnnc.runtime.optim;

import java.util.Objects;

/**
 * A linear ramp over the first {@code warmupSteps} steps in front of another schedule, which is not
 * shifted: the ramp rises from {@code target / warmupSteps} at step 0 to {@code target} at step
 * {@code warmupSteps}, where {@code target} is the inner schedule's rate at that step, and from
 * there on the inner schedule's own rate applies. This is torch's {@code LinearLR} with
 * {@code start_factor = 1 / warmupSteps} over {@code warmupSteps} steps, aimed at the inner rate.
 */
final class LinearWarmup implements LearningRate {

    private final LearningRate inner;
    private final long warmupSteps;
    private final double startFactor;

    LinearWarmup(LearningRate inner, long warmupSteps) {
        this.inner = Objects.requireNonNull(inner, "inner");
        this.warmupSteps = Schedules.requirePositive("the number of warm-up steps", warmupSteps);
        this.startFactor = 1.0 / warmupSteps;
    }

    @Override
    public double at(long step) {
        if (Schedules.requireStep(step) >= warmupSteps) {
            return inner.at(step);
        }
        return inner.at(warmupSteps) * (startFactor + (1 - startFactor) * step / warmupSteps);
    }

    @Override
    public String toString() {
        return "linear warm-up over " + warmupSteps + " steps, then " + inner;
    }
}
