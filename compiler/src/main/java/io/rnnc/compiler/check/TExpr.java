package io.rnnc.compiler.check;

import io.rnnc.compiler.ast.Expr;
import java.util.List;

/** A checked expression: every name resolved, every product given its meaning, every shape known. */
public sealed interface TExpr {
    /** The shape of one sample's value. */
    Shape shape();

    /**
     * A value read at a step: the input, a per-step value (lag 0) or a state (lag ≥ 1).
     *
     * @param name the value's name
     * @param lag steps back, 0 for the current step
     * @param role what kind of value it is
     */
    record Read(String name, int lag, Role role, Shape shape) implements TExpr {
    }

    /** A parameter used as a vector or scalar (a bias, a peephole weight). */
    record ParamRef(String param, Shape shape) implements TExpr {
    }

    /**
     * A matrix product with a parameter: {@code W v} (`W` stored `[out, in]`) or, when
     * {@code rowVector}, {@code v · W} (`W` stored `[in, out]`).
     *
     * @param transposed whether it was written with a transposed matrix: `Wᵀ v` (a row-vector
     *                   product, `W` stored `[in, out]`) or `v Wᵀ` (`W` stored `[out, in]`)
     */
    record MatVec(String param, TExpr operand, boolean rowVector, boolean transposed, Shape shape) implements TExpr {
    }

    /** A number. */
    record Const(double value, Shape shape) implements TExpr {
    }

    /** A builtin function applied to its arguments. */
    record Call(Builtin function, List<TExpr> args, Shape shape) implements TExpr {
    }

    /** Elementwise arithmetic, with scalars broadcast. */
    record Arith(Expr.BinaryOp op, TExpr left, TExpr right, Shape shape) implements TExpr {
    }

    /** −a. */
    record Neg(TExpr operand, Shape shape) implements TExpr {
    }

    /** a raised to a constant power. */
    record Pow(TExpr base, double exponent, Shape shape) implements TExpr {
    }

    /** Vectors stacked. */
    record Concat(List<TExpr> parts, Shape shape) implements TExpr {
    }

    /** Elements [offset, offset + width) of a vector: one value of a stacked left side. */
    record Slice(TExpr source, Size offset, Size width, Shape shape) implements TExpr {
    }

    /** What a {@link Read} reads. */
    enum Role {
        INPUT, VALUE, STATE
    }
}
