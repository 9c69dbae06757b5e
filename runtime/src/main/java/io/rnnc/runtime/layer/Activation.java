package io.rnnc.runtime.layer;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** An elementwise nonlinearity whose derivative can be computed from its output alone. */
public enum Activation {
    /** y = x. */
    IDENTITY {
        @Override
        public double apply(double x) {
            return x;
        }

        @Override
        public double derivativeFromOutput(double y) {
            return 1;
        }
    },
    /** y = tanh(x). */
    TANH {
        @Override
        public double apply(double x) {
            return Math.tanh(x);
        }

        @Override
        public double derivativeFromOutput(double y) {
            return 1 - y * y;
        }
    },
    /** y = max(x, 0); its derivative at 0 is taken as 0, as PyTorch does. */
    RELU {
        @Override
        public double apply(double x) {
            return x > 0 ? x : 0;
        }

        @Override
        public double derivativeFromOutput(double y) {
            return y > 0 ? 1 : 0;
        }
    },
    /** y = 1 / (1 + e^−x). */
    SIGMOID {
        @Override
        public double apply(double x) {
            // Each branch exponentiates a non-positive number, so neither overflows.
            if (x >= 0) {
                return 1 / (1 + Math.exp(-x));
            }
            double e = Math.exp(x);
            return e / (1 + e);
        }

        @Override
        public double derivativeFromOutput(double y) {
            return y * (1 - y);
        }
    };

    /** The activation of {@code x}. */
    public abstract double apply(double x);

    /** The derivative dy/dx expressed through the output {@code y = apply(x)}. */
    public abstract double derivativeFromOutput(double y);

    /**
     * The activation with the given name, ignoring case: {@code identity} (also {@code linear}),
     * {@code tanh}, {@code relu} or {@code sigmoid}.
     *
     * @throws IllegalArgumentException if the name is none of these
     */
    public static Activation named(String name) {
        if (name != null) {
            String key = name.trim().toUpperCase(Locale.ROOT);
            if (key.equals("LINEAR")) {
                return IDENTITY;
            }
            for (Activation a : values()) {
                if (a.name().equals(key)) {
                    return a;
                }
            }
        }
        String known = Arrays.stream(values()).map(a -> a.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(", "));
        throw new IllegalArgumentException("unknown activation '" + name + "': expected one of " + known + " or linear");
    }
}
