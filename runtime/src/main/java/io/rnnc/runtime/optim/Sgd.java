package io.rnnc.runtime.optim;

import java.util.List;

/**
 * Stochastic gradient descent with optional heavy-ball or Nesterov momentum and L2 weight decay,
 * computing exactly what {@code torch.optim.SGD} computes with {@code dampening=0}.
 *
 * <p>Per element, with {@code d = g + weightDecay·p}: without momentum {@code p -= lr·d}; with
 * momentum the buffer starts as {@code d} on a parameter's first update and becomes
 * {@code momentum·buf + d} after, and {@code p -= lr·buf}, or {@code p -= lr·(d + momentum·buf)}
 * with Nesterov. State: {@code momentum_buffer.<param>} when momentum is non-zero.
 */
public final class Sgd extends ElementwiseOptimizer {

    private final double momentum;
    private final boolean nesterov;
    private final double weightDecay;

    /**
     * @param momentum the momentum factor, in [0, 1); 0 turns momentum off
     * @param nesterov whether to use Nesterov momentum; needs a non-zero momentum
     * @param weightDecay the L2 penalty added to the gradient, {@code >= 0}
     * @throws IllegalArgumentException if a value is out of range, or Nesterov is asked for
     *     without momentum
     */
    public Sgd(double momentum, boolean nesterov, double weightDecay) {
        super(nesterov ? "nesterov" : "sgd", momentum == 0 ? List.of() : List.of("momentum_buffer"));
        this.momentum = Hyperparameters.decayRate("momentum", momentum);
        this.nesterov = nesterov;
        this.weightDecay = Hyperparameters.nonNegative("weight decay", weightDecay);
        if (nesterov && momentum == 0) {
            throw new IllegalArgumentException("Nesterov momentum needs a momentum > 0, but the momentum is 0");
        }
    }

    @Override
    void update(double[] param, double[] grad, double[][] slots, long count, double lr) {
        for (int i = 0; i < param.length; i++) {
            double d = weightDecay == 0 ? grad[i] : grad[i] + weightDecay * param[i];
            if (momentum != 0) {
                double[] buf = slots[0];
                buf[i] = count == 1 ? d : buf[i] * momentum + d;
                d = nesterov ? d + momentum * buf[i] : buf[i];
            }
            param[i] -= lr * d;
        }
    }
}
