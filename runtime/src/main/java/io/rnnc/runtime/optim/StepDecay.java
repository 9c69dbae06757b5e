package io.rnnc.runtime.optim;

/** {@code lr · gamma^⌊step / every⌋}: the closed form of torch's {@code StepLR}. */
final class StepDecay implements LearningRate {

    private final double lr;
    private final long every;
    private final double gamma;

    StepDecay(double lr, long every, double gamma) {
        this.lr = Schedules.requireRate("the learning rate", lr);
        this.every = Schedules.requirePositive("the number of steps between decays", every);
        if (!(gamma > 0) || Double.isInfinite(gamma)) {
            throw new IllegalArgumentException("the decay factor gamma must be a finite number > 0 but is " + gamma);
        }
        this.gamma = gamma;
    }

    @Override
    public double at(long step) {
        return lr * Math.pow(gamma, Schedules.requireStep(step) / every);
    }

    @Override
    public String toString() {
        return lr + " times " + gamma + " every " + every + " steps";
    }
}
