package io.rnnc.runtime.optim;

/** The same learning rate at every step. */
final class ConstantRate implements LearningRate {

    private final double lr;

    ConstantRate(double lr) {
        this.lr = Schedules.requireRate("the learning rate", lr);
    }

    @Override
    public double at(long step) {
        Schedules.requireStep(step);
        return lr;
    }

    @Override
    public String toString() {
        return "constant " + lr;
    }
}
