package io.rnnc.runtime.optim;

import java.util.List;

/**
 * Adagrad, computing exactly what {@code torch.optim.Adagrad} computes with its default
 * {@code lr_decay=0} and {@code initial_accumulator_value=0}.
 *
 * <p>Per element, with {@code d = g + weightDecay·p}: {@code sum += d²} and
 * {@code p -= lr·d / (√sum + eps)}. State: {@code sum.<param>}.
 */
public final class Adagrad extends ElementwiseOptimizer {

    /** PyTorch's default {@code eps}. */
    public static final double DEFAULT_EPS = 1e-10;

    private final double eps;
    private final double weightDecay;

    /**
     * @param eps added to the root of the accumulated squares, {@code >= 0}
     * @param weightDecay the L2 penalty added to the gradient, {@code >= 0}
     * @throws IllegalArgumentException if a value is out of range
     */
    public Adagrad(double eps, double weightDecay) {
        super("adagrad", List.of("sum"));
        this.eps = Hyperparameters.nonNegative("eps", eps);
        this.weightDecay = Hyperparameters.nonNegative("weight decay", weightDecay);
    }

    @Override
    void update(double[] param, double[] grad, double[][] slots, long count, double lr) {
        double[] sum = slots[0];
        for (int i = 0; i < param.length; i++) {
            double d = weightDecay == 0 ? grad[i] : grad[i] + weightDecay * param[i];
            sum[i] += d * d;
            param[i] -= lr * (d / (Math.sqrt(sum[i]) + eps));
        }
    }
}
