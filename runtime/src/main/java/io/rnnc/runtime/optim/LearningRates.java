package io.rnnc.runtime.optim;

/** Learning-rate schedules, built directly or from a short text specification. */
public final class LearningRates {

    private LearningRates() {
    }

    /**
     * The same rate at every step.
     *
     * @param lr the rate, finite and {@code >= 0}
     * @return the schedule
     * @throws IllegalArgumentException if {@code lr} is negative or not finite
     */
    public static LearningRate constant(double lr) {
        return new ConstantRate(lr);
    }

    /**
     * Decay by {@code gamma} every {@code everySteps} steps: {@code lr · gamma^⌊step / everySteps⌋},
     * as torch's {@code StepLR}.
     *
     * @param lr the rate at step 0, finite and {@code >= 0}
     * @param everySteps how many steps between decays, {@code >= 1}
     * @param gamma the factor applied at each decay, finite and {@code > 0}
     * @return the schedule
     * @throws IllegalArgumentException if a value is out of range
     */
    public static LearningRate step(double lr, long everySteps, double gamma) {
        return new StepDecay(lr, everySteps, gamma);
    }

    /**
     * Cosine annealing from {@code lr} to {@code minLr} over {@code totalSteps} steps, then flat at
     * {@code minLr}: {@code minLr + (lr − minLr)·(1 + cos(π·step/totalSteps))/2}, torch's
     * {@code CosineAnnealingLR} closed form.
     *
     * @param lr the rate at step 0, finite and {@code >= 0}
     * @param totalSteps the step at which the rate reaches {@code minLr}, {@code >= 1}
     * @param minLr the final rate, finite and {@code >= 0}
     * @return the schedule
     * @throws IllegalArgumentException if a value is out of range
     */
    public static LearningRate cosine(double lr, long totalSteps, double minLr) {
        return new CosineAnnealing(lr, totalSteps, minLr);
    }

    /**
     * A linear warm-up in front of {@code inner}, which is not shifted in time: from
     * {@code inner.at(warmupSteps) / warmupSteps} at step 0 rising linearly to
     * {@code inner.at(warmupSteps)} at step {@code warmupSteps}, and {@code inner.at(step)} from
     * then on. The inner schedule's own first {@code warmupSteps} rates are never used.
     *
     * @param inner the schedule after the warm-up
     * @param warmupSteps the length of the ramp, {@code >= 1}
     * @return the schedule
     * @throws IllegalArgumentException if {@code warmupSteps} is less than 1
     */
    public static LearningRate warmup(LearningRate inner, int warmupSteps) {
        return new LinearWarmup(inner, warmupSteps);
    }

    /**
     * Builds a schedule from a specification: {@code constant}, {@code step:EVERY:GAMMA},
     * {@code cosine} (down to 0 at {@code totalSteps}), {@code warmup:N} (a warm-up of {@code N}
     * steps into a constant rate) or {@code warmup:N+SCHEDULE} (a warm-up into any of the others,
     * for example {@code warmup:100+cosine}).
     *
     * @param spec the specification
     * @param lr the base learning rate, finite and {@code >= 0}
     * @param totalSteps the length of training in steps; used by {@code cosine}, which needs it
     *     to be at least 1
     * @return the schedule
     * @throws IllegalArgumentException with a message naming the specification, if it is not one
     *     of these forms or a number in it is out of range
     */
    public static LearningRate parse(String spec, double lr, long totalSteps) {
        return ScheduleSpec.parse(spec, lr, totalSteps);
    }
}
