package io.rnnc.runtime.optim;

import io.rnnc.runtime.tensor.Tensor;
import java.util.Map;
import java.util.Objects;

/** Gradient clipping, applied in place to a model's gradients before the optimizer's step. */
public final class Clipping {

    /** What {@code torch.nn.utils.clip_grad_norm_} adds to the norm before dividing by it. */
    private static final double NORM_EPSILON = 1e-6;

    private Clipping() {
    }

    /**
     * Clamps every gradient element to {@code [-limit, limit]}; NaN stays NaN.
     *
     * @param grads the gradients, changed in place
     * @param limit the largest magnitude kept, {@code > 0}
     * @throws IllegalArgumentException if {@code limit} is not a positive number
     */
    public static void byValue(Map<String, Tensor> grads, double limit) {
        Objects.requireNonNull(grads, "grads");
        if (!(limit > 0)) {
            throw new IllegalArgumentException("the clipping limit must be > 0 but is " + limit);
        }
        for (Tensor g : grads.values()) {
            double[] d = g.data();
            for (int i = 0; i < d.length; i++) {
                // Written as comparisons rather than Math.min/max so that NaN passes through unchanged.
                if (d[i] > limit) {
                    d[i] = limit;
                } else if (d[i] < -limit) {
                    d[i] = -limit;
                }
            }
        }
    }

    /**
     * Scales all gradients together so that their global norm is at most about {@code maxNorm},
     * as {@code torch.nn.utils.clip_grad_norm_} does: the factor is
     * {@code maxNorm / (norm + 1e-6)}, applied only when it is below 1. A non-finite norm gives
     * non-finite gradients, as in PyTorch.
     *
     * @param grads the gradients, changed in place
     * @param maxNorm the largest global norm kept, {@code >= 0}
     * @return the global norm before clipping
     * @throws IllegalArgumentException if {@code maxNorm} is negative or NaN
     */
    public static double byGlobalNorm(Map<String, Tensor> grads, double maxNorm) {
        if (!(maxNorm >= 0)) {
            throw new IllegalArgumentException("the largest gradient norm must be >= 0 but is " + maxNorm);
        }
        double norm = globalNorm(grads);
        double scale = maxNorm / (norm + NORM_EPSILON);
        // Negated so that a NaN factor is applied, as PyTorch's clamp-then-multiply does.
        if (!(scale >= 1)) {
            for (Tensor g : grads.values()) {
                double[] d = g.data();
                for (int i = 0; i < d.length; i++) {
                    d[i] *= scale;
                }
            }
        }
        return norm;
    }

    /**
     * Computes the Euclidean norm of all gradient elements taken together.
     *
     * @param grads the gradients
     * @return the square root of the sum of squares of every element; 0 for no gradients
     */
    public static double globalNorm(Map<String, Tensor> grads) {
        Objects.requireNonNull(grads, "grads");
        double sumOfSquares = 0;
        for (Tensor g : grads.values()) {
            for (double v : g.data()) {
                sumOfSquares += v * v;
            }
        }
        return Math.sqrt(sumOfSquares);
    }
}
