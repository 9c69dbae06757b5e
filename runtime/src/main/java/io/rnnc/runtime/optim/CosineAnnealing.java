package io.rnnc.runtime.optim;

/**
 * Half a cosine from {@code lr} at step 0 down to {@code minLr} at {@code totalSteps}, then flat at
 * {@code minLr}: the closed form of torch's {@code CosineAnnealingLR} with
 * {@code T_max = totalSteps}, without its restart after {@code T_max}.
 */
final class CosineAnnealing implements LearningRate {

    private final double lr;
    private final long totalSteps;
    private final double minLr;

    CosineAnnealing(double lr, long totalSteps, double minLr) {
        this.lr = Schedules.requireRate("the learning rate", lr);
        this.totalSteps = Schedules.requirePositive("the number of steps of a cosine schedule", totalSteps);
        this.minLr = Schedules.requireRate("the final learning rate of a cosine schedule", minLr);
    }

    @Override
    public double at(long step) {
        if (Schedules.requireStep(step) >= totalSteps) {
            return minLr;
        }
        return minLr + (lr - minLr) * (1 + Math.cos(Math.PI * step / totalSteps)) / 2;
    }

    @Override
    public String toString() {
        return "cosine from " + lr + " to " + minLr + " over " + totalSteps + " steps";
    }
}
