package io.rnnc.runtime.optim;

/**
 * Adam with L2 weight decay folded into the gradient, computing exactly what
 * {@code torch.optim.Adam} computes with {@code amsgrad=False}.
 *
 * <p>Per element, with {@code d = g + weightDecay·p} and {@code t} the parameter's update count:
 * {@code m = β1·m + (1 − β1)·d}, {@code v = β2·v + (1 − β2)·d²}, and
 * {@code p -= lr/(1 − β1ᵗ) · m / (√v / √(1 − β2ᵗ) + eps)}.
 */
public final class Adam extends AdamFamily {

    private final double weightDecay;

    /** Adam with PyTorch's defaults: betas (0.9, 0.999), eps 1e-8, no weight decay. */
    public Adam() {
        this(DEFAULT_BETA1, DEFAULT_BETA2, DEFAULT_EPS, 0);
    }

    /**
     * @param beta1 the decay of the first moment, in [0, 1)
     * @param beta2 the decay of the second moment, in [0, 1)
     * @param eps added to the corrected root of the second moment, {@code >= 0}
     * @param weightDecay the L2 penalty added to the gradient, {@code >= 0}
     * @throws IllegalArgumentException if a value is out of range
     */
    public Adam(double beta1, double beta2, double eps, double weightDecay) {
        super("adam", beta1, beta2, eps);
        this.weightDecay = Hyperparameters.nonNegative("weight decay", weightDecay);
    }

    @Override
    void update(double[] param, double[] grad, double[][] slots, long count, double lr) {
        applyMoments(param, grad, slots, count, lr, weightDecay);
    }
}
