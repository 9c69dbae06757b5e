package io.rnnc.compiler.ast;

import io.rnnc.compiler.source.Span;
import java.util.List;

/** One line of a cell: an equation or a declaration. */
public sealed interface Statement {
    /** Where it was written. */
    Span span();

    /**
     * `lhs = rhs`. Usually a definition (`h_t = …`); the checker also reads bindings
     * (`φ = tanh`) and block identities (`W_a[a, x] = W_aa a + W_ax x`) from this form.
     */
    record Equation(Expr lhs, Expr rhs, Span span) implements Statement {
    }

    /** `input x`, `state h, c`, `output h`. */
    record RoleDecl(Role role, List<Expr.Ref> names, Span span) implements Statement {
    }

    /** `hidden H`: the name of the hidden size in shape declarations. */
    record HiddenDecl(String name, Span span) implements Statement {
    }

    /**
     * `param W : [H, X]`, or `param W_ci : diag`: a diagonal matrix, stored as its diagonal and
     * applied elementwise (Graves's peephole matrices).
     *
     * @param dims the declared sizes; empty for a scalar or a diagonal matrix
     */
    record ParamDecl(Expr.Ref name, List<SizeTerm.Sum> dims, boolean diagonal, Span span) implements Statement {
    }

    /** `init b_f = 1`, `init U = identity`. */
    record InitDecl(Expr.Ref name, InitValue value, Span span) implements Statement {
    }

    /**
     * A line with a syntax or notation error, already reported. Keeping the name it defines
     * lets the checker go on without calling that name undefined wherever it is read.
     *
     * @param defines the name left of `=` when that much parsed, else null
     */
    record Broken(Expr.Ref defines, Span span) implements Statement {
    }

    /** What a role declaration declares. */
    enum Role {
        INPUT, STATE, OUTPUT
    }
}
