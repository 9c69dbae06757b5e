package io.rnnc.compiler.check;

import io.rnnc.compiler.ast.Expr;
import io.rnnc.compiler.ast.ExprTraversal;
import io.rnnc.compiler.ast.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The values a function's definition is given with: Ba et al. define
 * `LN(z; α, β) = \frac{(z − μ)}{σ} ⊙ α + β` with `μ = \frac{1}{D}\sum_{i=1}^{D} z_i` and
 * `σ = \sqrt{…}` beside it. An equation without a time index belongs to a function when the
 * function reads it and it reads the function's parameters; its name then means that value
 * only inside the function (so `σ(f_t)` elsewhere is still the sigmoid).
 */
final class FunctionLocals {
    private FunctionLocals() {
    }

    /** Moves each function's values into it; returns the equations so taken. */
    static Set<Statement.Equation> collect(CellScope scope, List<Statement.Equation> equations) {
        Set<Statement.Equation> taken = new HashSet<>();
        for (CellScope.UserFunction f : scope.functions.values()) {
            Map<String, Statement.Equation> locals = new LinkedHashMap<>();
            boolean grew = true;
            while (grew) {
                grew = false;
                for (Statement.Equation e : equations) {
                    if (!taken.contains(e) && e.lhs() instanceof Expr.Ref r && r.time() == null
                            && readBy(f, locals).contains(r.name()) && readsAny(e.rhs(), f, locals)) {
                        locals.put(r.name(), e);
                        taken.add(e);
                        grew = true;
                    }
                }
            }
            locals.forEach((name, e) -> f.locals().put(name, e.rhs()));
        }
        reportOutsideReads(scope, equations, taken);
        return taken;
    }

    /** The names the function's body and its values so far read. */
    private static Set<String> readBy(CellScope.UserFunction f, Map<String, Statement.Equation> locals) {
        Set<String> names = new HashSet<>(operands(f.body()));
        locals.values().forEach(e -> names.addAll(operands(e.rhs())));
        return names;
    }

    private static boolean readsAny(Expr rhs, CellScope.UserFunction f, Map<String, Statement.Equation> locals) {
        List<String> reads = operands(rhs);
        return reads.stream().anyMatch(n -> f.params().contains(n) || locals.containsKey(n));
    }

    private static List<String> operands(Expr e) {
        List<String> names = new ArrayList<>();
        ExprTraversal.forEachRead(e, callee -> false, r -> {
            if (r.time() == null) {
                names.add(r.name());
            }
        });
        return names;
    }

    /** A function's value read elsewhere would silently be a parameter there. */
    private static void reportOutsideReads(CellScope scope, List<Statement.Equation> equations, Set<Statement.Equation> taken) {
        Map<String, String> owner = new LinkedHashMap<>();
        scope.functions.forEach((name, f) -> f.locals().keySet().forEach(l -> owner.put(l, name)));
        for (Statement.Equation e : equations) {
            if (taken.contains(e)) {
                continue;
            }
            ExprTraversal.forEachRead(e.rhs(), callee -> false, r -> {
                if (r.time() == null && owner.containsKey(r.name())) {
                    scope.diagnostics.error(r.span(), "`" + r.name() + "` is defined for the function `" + owner.get(r.name())
                                    + "` (it reads its parameters) and has no value here",
                            "compute it here from this equation's values, e.g. `mean(…)`, or call `"
                                    + owner.get(r.name()) + "(…)`");
                }
            });
        }
    }
}
