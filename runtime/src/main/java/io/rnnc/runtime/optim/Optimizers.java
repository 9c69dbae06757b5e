package io.rnnc.runtime.optim;

import java.util.List;

/**
 * Optimizers with PyTorch's defaults: by factory ({@code Optimizers.adam()}) in a program, or by
 * name, as a command line or configuration file gives it. The classes ({@link Adam}, {@link Sgd},
 * …) take every setting.
 */
public final class Optimizers {

    private static final List<String> NAMES = List.of("sgd", "nesterov", "adagrad", "rmsprop", "adam", "adamw");

    private Optimizers() {
    }

    /**
     * Builds the named optimizer with PyTorch's defaults for every setting not given here.
     *
     * @param name one of {@link #names()}
     * @param weightDecay the weight decay, {@code >= 0}: an L2 penalty for all but {@code adamw},
     *     where it is the decoupled rate
     * @param momentum the momentum of {@code sgd} (0 for none) and {@code nesterov} (must be
     *     {@code > 0}); the other optimizers have no momentum and ignore it
     * @return a fresh optimizer with no state
     * @throws IllegalArgumentException if the name is unknown or a setting is out of range
     */
    public static Optimizer named(String name, double weightDecay, double momentum) {
        switch (String.valueOf(name)) {
            case "sgd":
                return new Sgd(momentum, false, weightDecay);
            case "nesterov":
                if (momentum == 0) {
                    throw new IllegalArgumentException("optimizer `nesterov` needs a momentum > 0, but the momentum is 0");
                }
                return new Sgd(momentum, true, weightDecay);
            case "adagrad":
                return new Adagrad(Adagrad.DEFAULT_EPS, weightDecay);
            case "rmsprop":
                return new RmsProp(RmsProp.DEFAULT_ALPHA, RmsProp.DEFAULT_EPS, weightDecay);
            case "adam":
                return new Adam(Adam.DEFAULT_BETA1, Adam.DEFAULT_BETA2, Adam.DEFAULT_EPS, weightDecay);
            case "adamw":
                return new AdamW(AdamW.DEFAULT_BETA1, AdamW.DEFAULT_BETA2, AdamW.DEFAULT_EPS, weightDecay);
            default:
                throw new IllegalArgumentException("unknown optimizer `" + name + "`; expected one of "
                        + String.join(", ", NAMES));
        }
    }

    /** Adam with PyTorch's defaults: betas (0.9, 0.999), eps 1e-8, no weight decay. */
    public static Optimizer adam() {
        return new Adam();
    }

    /** AdamW with PyTorch's betas and eps, and this decoupled weight decay (PyTorch's default is 0.01). */
    public static Optimizer adamW(double weightDecay) {
        return new AdamW(AdamW.DEFAULT_BETA1, AdamW.DEFAULT_BETA2, AdamW.DEFAULT_EPS, weightDecay);
    }

    /** Plain SGD with this momentum (0: none). */
    public static Optimizer sgd(double momentum) {
        return new Sgd(momentum, false, 0);
    }

    /** SGD with Nesterov momentum, {@code > 0}. */
    public static Optimizer nesterov(double momentum) {
        return named("nesterov", 0, momentum);
    }

    /** RMSprop with PyTorch's defaults: alpha 0.99, eps 1e-8. */
    public static Optimizer rmsprop() {
        return new RmsProp(RmsProp.DEFAULT_ALPHA, RmsProp.DEFAULT_EPS, 0);
    }

    /** Adagrad with PyTorch's default eps 1e-10. */
    public static Optimizer adagrad() {
        return new Adagrad(Adagrad.DEFAULT_EPS, 0);
    }

    /**
     * Lists the names {@link #named} accepts.
     *
     * @return the names, in a fixed order
     */
    public static List<String> names() {
        return NAMES;
    }
}
