package io.rnnc.runtime.init;

import java.util.Objects;

/** Reads the text form of an initializer, for {@link Initializers#parse}. */
final class InitializerSpec {

    private static final String FORMS = "zeros, constant:C, uniform:A, xavier, xavier_uniform, xavier_normal, "
            + "orthogonal, identity, identity:S, pytorch_rnn:H";

    private InitializerSpec() {
    }

    static Initializer parse(String spec) {
        Objects.requireNonNull(spec, "spec");
        int colon = spec.indexOf(':');
        String kind = colon < 0 ? spec : spec.substring(0, colon);
        String argument = colon < 0 ? null : spec.substring(colon + 1);
        switch (kind) {
            case "zeros":
                return withoutArgument(spec, argument, Initializers.zeros());
            case "xavier":
            case "xavier_uniform":
                return withoutArgument(spec, argument, Initializers.xavierUniform());
            case "xavier_normal":
                return withoutArgument(spec, argument, Initializers.xavierNormal());
            case "orthogonal":
                return withoutArgument(spec, argument, Initializers.orthogonal());
            case "identity":
                return Initializers.identity(argument == null ? 1 : number(spec, argument, "a finite scale"));
            case "constant":
                return Initializers.constant(number(spec, required(spec, argument, "constant:0.1"), "a finite value"));
            case "uniform":
                double bound = number(spec, required(spec, argument, "uniform:0.08"), "a bound > 0");
                if (!(bound > 0)) {
                    throw invalid(spec, argument, "a bound > 0");
                }
                return Initializers.uniform(bound);
            case "pytorch_rnn":
                return Initializers.pytorchRnn(hiddenSize(spec, required(spec, argument, "pytorch_rnn:128")));
            default:
                throw new IllegalArgumentException("unknown initializer `" + spec + "`; expected one of " + FORMS);
        }
    }

    private static Initializer withoutArgument(String spec, String argument, Initializer rule) {
        if (argument != null) {
            throw new IllegalArgumentException("initializer `" + spec + "` takes no value; write `" + rule.name() + "`");
        }
        return rule;
    }

    private static String required(String spec, String argument, String example) {
        if (argument == null) {
            throw new IllegalArgumentException("initializer `" + spec + "` needs a value, as in " + example);
        }
        return argument;
    }

    private static double number(String spec, String text, String what) {
        try {
            double v = Double.parseDouble(text);
            if (Double.isFinite(v)) {
                return v;
            }
        } catch (NumberFormatException e) {
            // Reported below together with the infinite case.
        }
        throw invalid(spec, text, what);
    }

    private static int hiddenSize(String spec, String text) {
        try {
            int h = Integer.parseInt(text);
            if (h >= 1) {
                return h;
            }
        } catch (NumberFormatException e) {
            // Reported below together with the out-of-range case.
        }
        throw invalid(spec, text, "a whole hidden size >= 1");
    }

    private static IllegalArgumentException invalid(String spec, String text, String what) {
        return new IllegalArgumentException("initializer `" + spec + "` needs " + what + ", not `" + text + "`");
    }
}
