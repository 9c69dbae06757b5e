package io.rnnc.runtime.optim;

import java.util.List;

/**
 * The moment estimates and bias-corrected step shared by {@link Adam} and {@link AdamW}, which
 * differ only in how weight decay enters. State: {@code exp_avg.<param>} and
 * {@code exp_avg_sq.<param>}; the per-parameter step count drives the bias corrections.
 */
abstract class AdamFamily extends ElementwiseOptimizer {

    /** PyTorch's default decay of the first moment. */
    public static final double DEFAULT_BETA1 = 0.9;
    /** PyTorch's default decay of the second moment. */
    public static final double DEFAULT_BETA2 = 0.999;
    /** PyTorch's default {@code eps}. */
    public static final double DEFAULT_EPS = 1e-8;

    private final double beta1;
    private final double beta2;
    private final double eps;

    AdamFamily(String name, double beta1, double beta2, double eps) {
        super(name, List.of("exp_avg", "exp_avg_sq"));
        this.beta1 = Hyperparameters.decayRate("beta1", beta1);
        this.beta2 = Hyperparameters.decayRate("beta2", beta2);
        this.eps = Hyperparameters.nonNegative("eps", eps);
    }

    /**
     * Moves the moments towards {@code d = g + l2·p} and steps {@code p} against the corrected
     * first moment over the corrected root of the second, in torch.optim.Adam's order of operations.
     */
    final void applyMoments(double[] param, double[] grad, double[][] slots, long count, double lr, double l2) {
        double[] m = slots[0];
        double[] v = slots[1];
        double stepSize = lr / (1 - Math.pow(beta1, count));
        double correction2Root = Math.sqrt(1 - Math.pow(beta2, count));
        for (int i = 0; i < param.length; i++) {
            double d = l2 == 0 ? grad[i] : grad[i] + l2 * param[i];
            m[i] = m[i] * beta1 + (1 - beta1) * d;
            v[i] = v[i] * beta2 + (1 - beta2) * d * d;
            param[i] -= stepSize * (m[i] / (Math.sqrt(v[i]) / correction2Root + eps));
        }
    }
}
