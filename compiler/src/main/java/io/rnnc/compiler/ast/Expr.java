package io.rnnc.compiler.ast;

import io.rnnc.compiler.source.Span;
import java.util.List;

/** An expression as written, with names already normalised (see {@link Names}). */
public sealed interface Expr {
    /** Where it was written. */
    Span span();

    /**
     * A name, with its time index if it has one.
     *
     * @param name normalised name: `W_{aa}` → `W_aa`, `\tilde{C_t}` → `C̃`, `\Gamma_u` → `Γ_u`
     * @param time the time index, or null when the name has none
     */
    record Ref(String name, TimeIndex time, Span span) implements Expr {
    }

    /** A numeric literal. */
    record Num(double value, Span span) implements Expr {
    }

    /** `f(a, b)`: a function call, or (decided by the checker) a matrix written before parentheses. */
    record Call(Ref callee, List<Expr> args, Span span) implements Expr {
    }

    /**
     * A chain of products written by juxtaposition, `·`, `\cdot` or `@`. What each product
     * means (matrix product, elementwise, scaling, function application) depends on the
     * factors, so the checker decides.
     */
    record Product(List<Expr> factors, Span span) implements Expr {
    }

    /** `a + b`, `a - b`, `a ⊙ b` (any elementwise spelling) or `a / b`. */
    record Binary(BinaryOp op, Expr left, Expr right, Span span) implements Expr {
    }

    /** `-a`. */
    record Negate(Expr operand, Span span) implements Expr {
    }

    /** `[a, b]` or `[a; b]`: vectors stacked. */
    record Concat(List<Expr> parts, Span span) implements Expr {
    }

    /** `a^{k}`, and `e^{x}`. */
    record Power(Expr base, Expr exponent, Span span) implements Expr {
    }

    /** The operators of {@link Binary}. */
    enum BinaryOp {
        ADD("+"), SUB("-"), MUL("⊙"), DIV("/");

        private final String symbol;

        BinaryOp(String symbol) {
            this.symbol = symbol;
        }

        /** How `rnnc show` prints it. */
        public String symbol() {
            return symbol;
        }
    }
}
