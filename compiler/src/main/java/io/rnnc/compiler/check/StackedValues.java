package io.rnnc.compiler.check;

import io.rnnc.compiler.ast.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The values of stacked left sides, `(f_t; i_t; o_t; g_t) = …` (Ba et al., and slides'
 * `\begin{pmatrix}`): each gets a size of its own, together the right side's, and is the slice
 * of it where the sizes of those before it end. The sizes come from the values' uses; where
 * nothing fixes one, where the next starts is unknown, and the cell is refused.
 */
final class StackedValues {
    private final CellScope scope;
    /** The sizes of each stack's values, in order, while they are solved. */
    private final Map<String, List<Size>> sizes = new HashMap<>();

    StackedValues(CellScope scope) {
        this.scope = scope;
    }

    /** Gives the values of {@code stack} their sizes, once its right side has the shape {@code whole}. */
    void split(String stack, Shape whole, Statement.Equation eq) {
        if (!whole.isVector()) {
            if (whole.isScalar()) {
                scope.diagnostics.error(eq.rhs().span(), "a stacked left side needs a vector on the right, and this is a scalar",
                        "stack values computed together, e.g. `(i; f; o; g) = W [h_{t-1}; x_t] + b`");
            }
            return;
        }
        List<Size> parts = new ArrayList<>();
        Size total = Size.of(0);
        for (int i = 0; i < scope.stacks.get(stack).size(); i++) {
            Size s = scope.solver.fresh();
            parts.add(s);
            total = total.plus(s);
        }
        sizes.put(stack, parts);
        scope.solver.unify(total, whole.size());
    }

    /** One stacked value: its slice of the stack. */
    TExpr slice(String value) {
        String stack = scope.stackOf.get(value);
        List<Size> parts = sizes.get(stack);
        if (parts == null) {
            return new TExpr.Const(Double.NaN, Shape.UNKNOWN);
        }
        int index = scope.stacks.get(stack).indexOf(value);
        Size offset = parts.subList(0, index).stream().reduce(Size.of(0), Size::plus);
        TExpr whole = new TExpr.Read(stack, 0, TExpr.Role.VALUE, scope.valueShapes.get(stack));
        return new TExpr.Slice(whole, offset, parts.get(index), Shape.vector(parts.get(index)));
    }

    /** Once every equation is typed: each value's size must be known, or where the next starts is not. */
    void checkSizes() {
        sizes.forEach((stack, parts) -> {
            List<String> values = scope.stacks.get(stack);
            for (int i = 0; i < values.size(); i++) {
                Size s = scope.solver.resolve(parts.get(i));
                if (s.terms().keySet().stream().anyMatch(ShapeSolver::isFresh)) {
                    scope.diagnostics.error(scope.definitions.get(values.get(i)).lhs().span(),
                            "nothing fixes the size of `" + values.get(i) + "`, so where it starts in `" + stack + "` is unknown",
                            "use it where its size is known (with a state, a declared parameter), or define it on its own line");
                    return;
                }
            }
        });
    }
}
