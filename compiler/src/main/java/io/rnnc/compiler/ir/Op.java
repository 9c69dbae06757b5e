package io.rnnc.compiler.ir;

import io.rnnc.runtime.kernels.Fn;

/**
 * The operations of the step IR. Elementwise operations carry their scalar meaning here, the
 * float64 functions of the runtime's {@link Fn} that generated code calls too, so that every
 * backend and the reference interpreter compute the same function; their derivatives are in
 * {@code io.rnnc.compiler.autodiff.AdjointRules}.
 */
public enum Op {
    // ---- leaves
    /** The input at step t. */
    INPUT(Kind.LEAF),
    /** A state read at step t-lag. */
    STATE(Kind.LEAF),
    /** A parameter used as a vector (or scalar). */
    PARAM(Kind.LEAF),
    /** A scalar constant. */
    CONST(Kind.LEAF),
    /** The length of a size variable, as a scalar (for `mean`). */
    SIZE(Kind.LEAF),
    /**
     * A state's dropout mask, one vector per sample, the same at every step: it multiplies the
     * state where a matrix product reads it (variational dropout on the recurrent state).
     */
    MASK(Kind.LEAF),
    /** Backward only: the gradient arriving for a state's value at step t (from later steps and the loss). */
    SEED_STATE(Kind.LEAF),
    /** Backward only: the gradient arriving for the output at step t. */
    SEED_OUTPUT(Kind.LEAF),

    // ---- unary elementwise
    NEG(Kind.UNARY) {
        @Override
        public double apply(double x, double k) {
            return -x;
        }
    },
    SIGMOID(Kind.UNARY, "sigmoid") {
        @Override
        public double apply(double x, double k) {
            return Fn.sigmoid(x);
        }
    },
    TANH(Kind.UNARY, "tanh") {
        @Override
        public double apply(double x, double k) {
            return Fn.tanh(x);
        }
    },
    RELU(Kind.UNARY, "relu") {
        @Override
        public double apply(double x, double k) {
            return Fn.relu(x);
        }
    },
    LEAKY_RELU(Kind.UNARY, "leakyRelu") {
        @Override
        public double apply(double x, double k) {
            return Fn.leakyRelu(x);
        }
    },
    ELU(Kind.UNARY, "elu") {
        @Override
        public double apply(double x, double k) {
            return Fn.elu(x);
        }
    },
    SOFTPLUS(Kind.UNARY, "softplus") {
        @Override
        public double apply(double x, double k) {
            return Fn.softplus(x);
        }
    },
    SOFTSIGN(Kind.UNARY, "softsign") {
        @Override
        public double apply(double x, double k) {
            return Fn.softsign(x);
        }
    },
    /** PyTorch's definition: relu6(x + 3) / 6. */
    HARD_SIGMOID(Kind.UNARY, "hardSigmoid") {
        @Override
        public double apply(double x, double k) {
            return Fn.hardSigmoid(x);
        }
    },
    EXP(Kind.UNARY, "exp") {
        @Override
        public double apply(double x, double k) {
            return Fn.exp(x);
        }
    },
    LOG(Kind.UNARY, "log") {
        @Override
        public double apply(double x, double k) {
            return Fn.log(x);
        }
    },
    SQRT(Kind.UNARY, "sqrt") {
        @Override
        public double apply(double x, double k) {
            return Fn.sqrt(x);
        }
    },
    ABS(Kind.UNARY, "abs") {
        @Override
        public double apply(double x, double k) {
            return Fn.abs(x);
        }
    },
    /** x to the constant power k. */
    POW(Kind.UNARY, "pow") {
        @Override
        public double apply(double x, double k) {
            return Fn.pow(x, k);
        }
    },
    /** Derivative helper: 1 where x > 0, else 0. */
    STEP(Kind.UNARY, "step") {
        @Override
        public double apply(double x, double k) {
            return Fn.step(x);
        }
    },
    /** Derivative helper: the slope of leaky_relu. */
    LEAKY_STEP(Kind.UNARY, "leakyStep") {
        @Override
        public double apply(double x, double k) {
            return Fn.leakyStep(x);
        }
    },
    /** Derivative helper: the slope of elu. */
    ELU_SLOPE(Kind.UNARY, "eluSlope") {
        @Override
        public double apply(double x, double k) {
            return Fn.eluSlope(x);
        }
    },
    /** Derivative helper: the slope of hard_sigmoid. */
    HARD_SIGMOID_SLOPE(Kind.UNARY, "hardSigmoidSlope") {
        @Override
        public double apply(double x, double k) {
            return Fn.hardSigmoidSlope(x);
        }
    },
    /** Derivative helper: the sign of x (0 at 0). */
    SIGN(Kind.UNARY, "sign") {
        @Override
        public double apply(double x, double k) {
            return Fn.sign(x);
        }
    },

    // ---- binary elementwise (a scalar operand broadcasts)
    ADD(Kind.BINARY) {
        @Override
        public double apply(double a, double b) {
            return a + b;
        }
    },
    SUB(Kind.BINARY) {
        @Override
        public double apply(double a, double b) {
            return a - b;
        }
    },
    MUL(Kind.BINARY) {
        @Override
        public double apply(double a, double b) {
            return a * b;
        }
    },
    DIV(Kind.BINARY) {
        @Override
        public double apply(double a, double b) {
            return a / b;
        }
    },
    MIN(Kind.BINARY, "min") {
        @Override
        public double apply(double a, double b) {
            return Fn.min(a, b);
        }
    },
    MAX(Kind.BINARY, "max") {
        @Override
        public double apply(double a, double b) {
            return Fn.max(a, b);
        }
    },
    /** Derivative helper: 1 where a ≥ b, else 0. */
    GE(Kind.BINARY, "ge") {
        @Override
        public double apply(double a, double b) {
            return Fn.ge(a, b);
        }
    },

    // ---- whole-vector operations
    /** Softmax over the vector. */
    SOFTMAX(Kind.VECTOR),
    /** Sum of the elements: a scalar. */
    SUM(Kind.VECTOR),
    /** Mean of the elements: a scalar. */
    MEAN(Kind.VECTOR),
    /** Largest element: a scalar. */
    REDUCE_MAX(Kind.VECTOR),
    /** Smallest element: a scalar. */
    REDUCE_MIN(Kind.VECTOR),
    /** A scalar repeated to a vector. */
    BROADCAST(Kind.VECTOR),
    /** Vectors stacked. */
    CONCAT(Kind.VECTOR),
    /** Elements [offset, offset+width) of a vector. */
    SLICE(Kind.VECTOR),
    /** A block of a parameter matrix (or its transpose) times a vector. */
    MATVEC(Kind.VECTOR);

    private final Kind kind;
    private final String fn;

    Op(Kind kind) {
        this(kind, null);
    }

    /** An op computed by the static method {@code fn} of the runtime's {@link Fn}. */
    Op(Kind kind, String fn) {
        this.kind = kind;
        this.fn = fn;
    }

    /** The name of the {@link Fn} method computing this op, for generated code; null when code computes it inline. */
    public String fnName() {
        return fn;
    }

    /** Leaf, unary, binary or whole-vector. */
    public Kind kind() {
        return kind;
    }

    /**
     * The scalar function of a unary op ({@code k} is POW's exponent) or of a binary op
     * ({@code a}, {@code b}).
     */
    public double apply(double a, double b) {
        throw new UnsupportedOperationException(name() + " is not elementwise");
    }

    /** The four families of operation. */
    public enum Kind {
        LEAF, UNARY, BINARY, VECTOR
    }
}
