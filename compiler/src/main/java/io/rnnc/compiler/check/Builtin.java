package io.rnnc.compiler.check;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The functions a cell may call without binding them, under every spelling rnnc accepts. */
public enum Builtin {
    SIGMOID(Kind.ELEMENTWISE, "σ", "sigma", "sigmoid", "sigm", "logistic"),
    TANH(Kind.ELEMENTWISE, "tanh"),
    RELU(Kind.ELEMENTWISE, "relu", "ReLU"),
    LEAKY_RELU(Kind.ELEMENTWISE, "leaky_relu", "LeakyReLU"),
    ELU(Kind.ELEMENTWISE, "elu", "ELU"),
    SOFTPLUS(Kind.ELEMENTWISE, "softplus"),
    SOFTSIGN(Kind.ELEMENTWISE, "softsign"),
    HARD_SIGMOID(Kind.ELEMENTWISE, "hard_sigmoid"),
    EXP(Kind.ELEMENTWISE, "exp"),
    LOG(Kind.ELEMENTWISE, "log", "ln"),
    SQRT(Kind.ELEMENTWISE, "sqrt"),
    ABS(Kind.ELEMENTWISE, "abs"),
    IDENTITY(Kind.ELEMENTWISE, "identity", "id", "linear"),
    SOFTMAX(Kind.VECTOR, "softmax"),
    MIN(Kind.MIN_MAX, "min"),
    MAX(Kind.MIN_MAX, "max"),
    SUM(Kind.REDUCTION, "sum"),
    MEAN(Kind.REDUCTION, "mean");

    private static final Map<String, Builtin> BY_NAME = new HashMap<>();

    static {
        for (Builtin b : values()) {
            for (String n : b.names) {
                BY_NAME.put(n, b);
            }
        }
    }

    private final Kind kind;
    private final List<String> names;

    Builtin(Kind kind, String... names) {
        this.kind = kind;
        this.names = List.of(names);
    }

    /** The builtin a name spells, or null. */
    public static Builtin named(String name) {
        return BY_NAME.get(name);
    }

    /** Every spelling, for hints. */
    public static List<String> allNames() {
        return BY_NAME.keySet().stream().sorted().toList();
    }

    /** How it maps shapes. */
    public Kind kind() {
        return kind;
    }

    /** The name `rnnc show` prints. */
    public String display() {
        return names.get(0);
    }

    /** How a builtin maps shapes. */
    public enum Kind {
        /** vector → vector of the same size, applied per element. */
        ELEMENTWISE,
        /** vector → vector of the same size, mixing elements (softmax). */
        VECTOR,
        /** vector → scalar. */
        REDUCTION,
        /** one argument: a reduction; two: elementwise. */
        MIN_MAX
    }
}
