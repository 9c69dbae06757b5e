package io.rnnc.compiler.autodiff;

import io.rnnc.compiler.ir.GraphBuilder;
import io.rnnc.compiler.ir.Node;
import io.rnnc.compiler.ir.Op;
import java.util.EnumMap;
import java.util.Map;

/**
 * One adjoint rule per operation, keyed by the operation: given a node and the gradient
 * {@code d} arriving at it, the gradient each operand receives. Rules reuse forward outputs
 * where the derivative is a function of them (σ' = σ(1−σ), tanh' = 1−tanh², exp' = exp).
 * Shapes are fixed by the caller: a vector sent to a scalar operand is summed, a scalar sent
 * to a vector operand is broadcast.
 */
final class AdjointRules {
    /** What a rule may do: build nodes, send gradient to operands and parameters. */
    interface Context {
        GraphBuilder g();

        /** Adds {@code contribution} to the gradient of node {@code operand}. */
        void to(int operand, int contribution);

        /** Records a matrix parameter's gradient contribution δ ⊗ v for a MATVEC node. */
        void outer(Node matVec, int delta);

        /** Adds {@code contribution} to the part of node {@code whole}'s gradient that a slice read. */
        void toSlice(Node slice, int contribution);
    }

    /** The derivative of one operation. */
    interface Rule {
        void apply(Node n, int d, Context c);
    }

    private static final Map<Op, Rule> RULES = new EnumMap<>(Op.class);

    static {
        RULES.put(Op.NEG, (n, d, c) -> c.to(n.in(0), c.g().neg(d)));
        RULES.put(Op.SIGMOID, (n, d, c) -> c.to(n.in(0), c.g().mul(c.g().mul(d, n.id()), oneMinus(c, n.id()))));
        RULES.put(Op.TANH, (n, d, c) -> c.to(n.in(0), c.g().mul(d, oneMinus(c, square(c, n.id())))));
        RULES.put(Op.RELU, (n, d, c) -> slope(n, d, c, Op.STEP));
        RULES.put(Op.LEAKY_RELU, (n, d, c) -> slope(n, d, c, Op.LEAKY_STEP));
        RULES.put(Op.ELU, (n, d, c) -> slope(n, d, c, Op.ELU_SLOPE));
        RULES.put(Op.SOFTPLUS, (n, d, c) -> slope(n, d, c, Op.SIGMOID));
        RULES.put(Op.HARD_SIGMOID, (n, d, c) -> slope(n, d, c, Op.HARD_SIGMOID_SLOPE));
        RULES.put(Op.ABS, (n, d, c) -> slope(n, d, c, Op.SIGN));
        RULES.put(Op.SOFTSIGN, (n, d, c) -> {
            GraphBuilder g = c.g();
            int denominator = square(c, g.add(g.constant(1), g.unary(Op.ABS, n.in(0), 0)));
            c.to(n.in(0), g.div(d, denominator));
        });
        RULES.put(Op.EXP, (n, d, c) -> c.to(n.in(0), c.g().mul(d, n.id())));
        RULES.put(Op.LOG, (n, d, c) -> c.to(n.in(0), c.g().div(d, n.in(0))));
        RULES.put(Op.SQRT, (n, d, c) -> c.to(n.in(0), c.g().div(d, c.g().mul(c.g().constant(2), n.id()))));
        RULES.put(Op.POW, (n, d, c) -> {
            GraphBuilder g = c.g();
            int slope = g.mul(g.constant(n.value()), g.unary(Op.POW, n.in(0), n.value() - 1));
            c.to(n.in(0), g.mul(d, slope));
        });
        RULES.put(Op.ADD, (n, d, c) -> {
            c.to(n.in(0), d);
            c.to(n.in(1), d);
        });
        RULES.put(Op.SUB, (n, d, c) -> {
            c.to(n.in(0), d);
            c.to(n.in(1), c.g().neg(d));
        });
        RULES.put(Op.MUL, (n, d, c) -> {
            c.to(n.in(0), c.g().mul(d, n.in(1)));
            c.to(n.in(1), c.g().mul(d, n.in(0)));
        });
        RULES.put(Op.DIV, (n, d, c) -> {
            GraphBuilder g = c.g();
            c.to(n.in(0), g.div(d, n.in(1)));
            c.to(n.in(1), g.neg(g.div(g.mul(d, n.id()), n.in(1))));
        });
        RULES.put(Op.MAX, (n, d, c) -> choose(n, d, c, c.g().binary(Op.GE, n.in(0), n.in(1))));
        RULES.put(Op.MIN, (n, d, c) -> choose(n, d, c, c.g().binary(Op.GE, n.in(1), n.in(0))));
        RULES.put(Op.SOFTMAX, (n, d, c) -> {
            GraphBuilder g = c.g();
            int weighted = g.vector(Op.SUM, g.mul(d, n.id()));
            c.to(n.in(0), g.mul(n.id(), g.sub(d, weighted)));
        });
        RULES.put(Op.SUM, (n, d, c) -> c.to(n.in(0), d));
        RULES.put(Op.MEAN, (n, d, c) ->
                c.to(n.in(0), c.g().div(d, c.g().sizeOf(c.g().node(n.in(0)).size()))));
        RULES.put(Op.REDUCE_MAX, (n, d, c) -> c.to(n.in(0), c.g().mul(d, c.g().binary(Op.GE, n.in(0), n.id()))));
        RULES.put(Op.REDUCE_MIN, (n, d, c) -> c.to(n.in(0), c.g().mul(d, c.g().binary(Op.GE, n.id(), n.in(0)))));
        RULES.put(Op.BROADCAST, (n, d, c) -> c.to(n.in(0), c.g().vector(Op.SUM, d)));
        RULES.put(Op.CONCAT, AdjointRules::concat);
        RULES.put(Op.SLICE, (n, d, c) -> c.toSlice(n, d));
        RULES.put(Op.MATVEC, (n, d, c) -> {
            c.to(n.in(0), c.g().matVec(n.matrix().transpose(), d));
            c.outer(n, d);
        });
    }

    private AdjointRules() {
    }

    /** The rule for {@code op}, or null when the op has no operands to differentiate. */
    static Rule of(Op op) {
        return RULES.get(op);
    }

    private static int oneMinus(Context c, int x) {
        return c.g().sub(c.g().constant(1), x);
    }

    private static int square(Context c, int x) {
        return c.g().unary(Op.POW, x, 2);
    }

    /** d ⊙ slope(x) for activations whose derivative is a function of the input. */
    private static void slope(Node n, int d, Context c, Op slope) {
        c.to(n.in(0), c.g().mul(d, c.g().unary(slope, n.in(0), 0)));
    }

    /** min/max: the gradient goes to the operand that was chosen ({@code mask} is 1 where it is the first). */
    private static void choose(Node n, int d, Context c, int mask) {
        GraphBuilder g = c.g();
        c.to(n.in(0), g.mul(d, mask));
        c.to(n.in(1), g.mul(d, oneMinus(c, mask)));
    }

    private static void concat(Node n, int d, Context c) {
        io.rnnc.compiler.check.Size offset = io.rnnc.compiler.check.Size.of(0);
        for (int part : n.inputs()) {
            Node p = c.g().node(part);
            io.rnnc.compiler.check.Size width = p.isScalar() ? io.rnnc.compiler.check.Size.of(1) : p.size();
            c.to(part, c.g().slice(d, offset, width));
            offset = offset.plus(width);
        }
    }
}
