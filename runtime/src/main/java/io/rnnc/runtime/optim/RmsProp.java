package io.rnnc.runtime.optim;

import java.util.List;

/**
 * RMSprop without momentum and not centred, computing exactly what {@code torch.optim.RMSprop}
 * computes with {@code momentum=0, centered=False}.
 *
 * <p>Per element, with {@code d = g + weightDecay·p}: {@code avg = alpha·avg + (1 − alpha)·d²}
 * and {@code p -= lr·d / (√avg + eps)}. State: {@code square_avg.<param>}.
 */
public final class RmsProp extends ElementwiseOptimizer {

    /** PyTorch's default smoothing constant. */
    public static final double DEFAULT_ALPHA = 0.99;
    /** PyTorch's default {@code eps}. */
    public static final double DEFAULT_EPS = 1e-8;

    private final double alpha;
    private final double eps;
    private final double weightDecay;

    /**
     * @param alpha the decay of the running average of squared gradients, in [0, 1)
     * @param eps added to the root of that average, {@code >= 0}
     * @param weightDecay the L2 penalty added to the gradient, {@code >= 0}
     * @throws IllegalArgumentException if a value is out of range
     */
    public RmsProp(double alpha, double eps, double weightDecay) {
        super("rmsprop", List.of("square_avg"));
        this.alpha = Hyperparameters.decayRate("alpha", alpha);
        this.eps = Hyperparameters.nonNegative("eps", eps);
        this.weightDecay = Hyperparameters.nonNegative("weight decay", weightDecay);
    }

    @Override
    void update(double[] param, double[] grad, double[][] slots, long count, double lr) {
        double[] avg = slots[0];
        for (int i = 0; i < param.length; i++) {
            double d = weightDecay == 0 ? grad[i] : grad[i] + weightDecay * param[i];
            avg[i] = avg[i] * alpha + (1 - alpha) * (d * d);
            param[i] -= lr * (d / (Math.sqrt(avg[i]) + eps));
        }
    }
}
