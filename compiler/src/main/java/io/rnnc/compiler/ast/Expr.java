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
     * @param unit the unit index when the name was written per unit, `h_{n,t}` (then `n`), else null
     */
    record Ref(String name, TimeIndex time, String unit, Span span) implements Expr {
        /** A name not written per unit. */
        public Ref(String name, TimeIndex time, Span span) {
            this(name, time, null, span);
        }
    }

    /** A numeric literal. */
    record Num(double value, Span span) implements Expr {
    }

    /**
     * `f(a, b)`: a function call, or (decided by the checker) a matrix written before parentheses.
     *
     * @param column whether the arguments were separated by `;` only, as a column vector is
     *               written: `W (h_{t-1}; x_t)`
     */
    record Call(Ref callee, List<Expr> args, boolean column, Span span) implements Expr {
        /** A call with its arguments separated by commas. */
        public Call(Ref callee, List<Expr> args, Span span) {
            this(callee, args, false, span);
        }
    }

    /**
     * A chain of products written by juxtaposition, `·`, `\cdot` or `@`. What each product
     * means (matrix product, elementwise, scaling, function application) depends on the
     * factors, so the checker decides.
     */
    record Product(List<Expr> factors, Span span) implements Expr {
    }

    /**
     * `a + b`, `a - b`, `a ⊙ b` (any elementwise spelling) or `a / b`.
     *
     * @param asterisk whether the product was written `*` (`∗`, `\ast`), which some sources
     *                 use for convolution; the checker warns where that reading is plausible
     */
    record Binary(BinaryOp op, Expr left, Expr right, boolean asterisk, Span span) implements Expr {
        /** An operation written with its usual symbol. */
        public Binary(BinaryOp op, Expr left, Expr right, Span span) {
            this(op, left, right, false, span);
        }
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

    /**
     * `W^T`, `W^\top`, `Wᵀ`: a stored matrix used transposed (the name without the mark),
     * or a vector written as a row.
     */
    record Transpose(Expr operand, Span span) implements Expr {
    }

    /**
     * `[W x]_j`, and `\sum_j W_{i,j} h_j` read as `[W h]_i`: element {@code index} of a vector,
     * in a cell written per unit.
     */
    record Element(Expr vector, String index, Span span) implements Expr {
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
