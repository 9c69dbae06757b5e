package io.rnnc.runtime.optim;

/**
 * Adam with decoupled weight decay, computing exactly what {@code torch.optim.AdamW} computes with
 * {@code amsgrad=False}: each update first shrinks the parameter, {@code p *= 1 − lr·weightDecay},
 * then takes {@link Adam}'s step on the plain gradient.
 */
public final class AdamW extends AdamFamily {

    /** PyTorch's default decoupled weight decay for AdamW. */
    public static final double DEFAULT_WEIGHT_DECAY = 0.01;

    private final double weightDecay;

    /** AdamW with PyTorch's defaults: betas (0.9, 0.999), eps 1e-8, weight decay 0.01. */
    public AdamW() {
        this(DEFAULT_BETA1, DEFAULT_BETA2, DEFAULT_EPS, DEFAULT_WEIGHT_DECAY);
    }

    /**
     * @param beta1 the decay of the first moment, in [0, 1)
     * @param beta2 the decay of the second moment, in [0, 1)
     * @param eps added to the corrected root of the second moment, {@code >= 0}
     * @param weightDecay the decoupled decay rate, {@code >= 0}; scaled by the learning rate
     * @throws IllegalArgumentException if a value is out of range
     */
    public AdamW(double beta1, double beta2, double eps, double weightDecay) {
        super("adamw", beta1, beta2, eps);
        this.weightDecay = Hyperparameters.nonNegative("weight decay", weightDecay);
    }

    @Override
    void update(double[] param, double[] grad, double[][] slots, long count, double lr) {
        double shrink = 1 - lr * weightDecay;
        for (int i = 0; i < param.length; i++) {
            param[i] *= shrink;
        }
        applyMoments(param, grad, slots, count, lr, 0);
    }
}
