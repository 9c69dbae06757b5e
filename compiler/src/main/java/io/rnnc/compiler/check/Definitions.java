package io.rnnc.compiler.check;

import io.rnnc.compiler.ast.Expr;
import io.rnnc.compiler.ast.Statement;
import io.rnnc.compiler.source.Span;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The first pass: reads each line of a cell and files it as a declaration, a binding
 * (`φ = tanh`), a function (`f(x) = …`), a block identity (`W_a[a, x] = W_aa a + W_ax x`) or
 * the definition of a per-step value.
 */
final class Definitions {
    private final CellScope scope;

    private Definitions(CellScope scope) {
        this.scope = scope;
    }

    static void collect(CellScope scope) {
        new Definitions(scope).run();
    }

    private void run() {
        List<Statement.Equation> equations = new ArrayList<>();
        for (Statement s : scope.cell.statements()) {
            if (s instanceof Statement.RoleDecl d) {
                role(d);
            } else if (s instanceof Statement.HiddenDecl d) {
                scope.hiddenName = d.name();
            } else if (s instanceof Statement.ParamDecl d) {
                paramDecl(d);
            } else if (s instanceof Statement.InitDecl d) {
                initDecl(d);
            } else if (s instanceof Statement.Broken b) {
                scope.hasUnparsedLines = true;
                if (b.defines() != null) {
                    scope.unparsed.add(b.defines().name());
                }
            } else if (s instanceof Statement.Equation e && e.lhs() instanceof Expr.Call c) {
                function(c, e);
            } else if (s instanceof Statement.Equation e) {
                equations.add(e);
            }
        }
        equations.removeAll(FunctionLocals.collect(scope, equations));
        Map<Statement.Equation, String> aliasCandidates = new LinkedHashMap<>();
        for (Statement.Equation e : equations) {
            String target = bareName(e.rhs());
            if (e.lhs() instanceof Expr.Ref l && l.time() == null && target != null) {
                aliasCandidates.put(e, target);
            } else {
                equation(e);
            }
        }
        resolveAliases(aliasCandidates);
        if (scope.definitions.isEmpty() && !scope.hasErrors()) {
            scope.diagnostics.error(scope.cell.span(), "cell `" + scope.cell.name() + "` defines no values",
                    "a cell needs equations, e.g. `h_t = tanh(W x_t + U h_{t-1} + b)`");
        }
    }

    private static String bareName(Expr e) {
        return e instanceof Expr.Ref r && r.time() == null ? r.name() : null;
    }

    /**
     * `φ = tanh` binds a function; `g = φ` too once φ is bound; anything else defines a value.
     * `σ` may be bound too: papers use it for whatever activation they define (IndRNN's ReLU).
     */
    private void resolveAliases(Map<Statement.Equation, String> candidates) {
        boolean changed = true;
        while (changed) {
            changed = false;
            for (var it = candidates.entrySet().iterator(); it.hasNext(); ) {
                var e = it.next();
                String lhs = ((Expr.Ref) e.getKey().lhs()).name();
                Builtin target = scope.bindings.containsKey(e.getValue())
                        ? scope.bindings.get(e.getValue()) : Builtin.named(e.getValue());
                if (target != null) {
                    if (scope.bindings.containsKey(lhs) || Builtin.named(lhs) != null && !lhs.equals("σ")) {
                        scope.diagnostics.error(e.getKey().lhs().span(), "`" + lhs + "` is already a function",
                                "choose another name for the binding");
                    }
                    scope.bindings.put(lhs, target);
                    it.remove();
                    changed = true;
                }
            }
        }
        candidates.keySet().forEach(this::equation);
    }

    private void role(Statement.RoleDecl d) {
        Map<String, Span> into = d.role() == Statement.Role.INPUT ? scope.declaredInputs
                : d.role() == Statement.Role.STATE ? scope.declaredStates : scope.declaredOutputs;
        for (Expr.Ref r : d.names()) {
            into.putIfAbsent(r.name(), r.span());
        }
    }

    private void paramDecl(Statement.ParamDecl d) {
        String name = d.name().name();
        // Checked before a slot is made: every slot made here must carry its declaration.
        if (d.dims().size() > 2) {
            scope.diagnostics.error(d.span(), "a parameter has at most two dimensions",
                    "a matrix is `[rows, cols]`, a vector `[n]`, a scalar `[]`");
            return;
        }
        CellScope.ParamSlot slot = scope.params.computeIfAbsent(name, n -> new CellScope.ParamSlot(n, d.span()));
        if (slot.declaration != null) {
            scope.diagnostics.error(d.span(), "parameter `" + name + "` is declared twice",
                    "keep one declaration (the first is on line " + slot.declaration.span().line() + ")");
            return;
        }
        slot.declaration = d;
    }

    private void initDecl(Statement.InitDecl d) {
        Statement.InitDecl previous = scope.inits.putIfAbsent(d.name().name(), d);
        if (previous != null) {
            scope.diagnostics.error(d.span(), "`" + d.name().name() + "` has two `init` lines",
                    "keep one (the first is on line " + previous.span().line() + ")");
        }
    }

    private void equation(Statement.Equation e) {
        if (e.lhs() instanceof Expr.Ref r) {
            definition(r, e);
        } else if (e.lhs() instanceof Expr.Concat stacked) {
            stack(stacked, e);
        } else if (e.lhs() instanceof Expr.Product p && p.factors().size() == 2
                && p.factors().get(0) instanceof Expr.Ref w && w.time() == null
                && p.factors().get(1) instanceof Expr.Concat blocks) {
            blockIdentity(w, blocks, e);
        } else {
            scope.diagnostics.error(e.lhs().span(), "the left side of an equation must be a name",
                    "define one value a line, e.g. `h_t = tanh(W x_t + U h_{t-1} + b)`");
        }
    }

    /** Files the definition of {@code r}; false when it is refused (reported). */
    private boolean definition(Expr.Ref r, Statement.Equation e) {
        if (r.time() != null && r.time().lag() != 0) {
            String when = r.time().lag() > 0 ? "an earlier step" : "a later step";
            scope.diagnostics.error(r.span(), "an equation defines `" + r.name() + "` at " + when,
                    "define values at the current step, `" + r.name() + "_t = …`, and read `"
                            + r.name() + "_{t-1}` where the previous one is needed");
            return false;
        }
        Statement.Equation previous = scope.definitions.putIfAbsent(r.name(), e);
        if (previous != null) {
            scope.diagnostics.error(r.span(), "`" + r.name() + "` is defined twice",
                    "the first definition is on line " + previous.span().line() + "; give this one another name");
            return false;
        }
        if (r.time() != null) {
            scope.timeIndexed.add(r.name());
        }
        return true;
    }

    private void function(Expr.Call c, Statement.Equation e) {
        List<String> params = new ArrayList<>();
        for (Expr a : c.args()) {
            if (!(a instanceof Expr.Ref p) || p.time() != null || params.contains(p.name())) {
                scope.diagnostics.error(a.span(), "a function's parameters are distinct plain names",
                        "e.g. `f(x) = 1 / (1 + exp(-x))`");
                return;
            }
            params.add(p.name());
        }
        String name = c.callee().name();
        if (c.callee().time() != null || Builtin.named(name) != null || scope.functions.containsKey(name)) {
            scope.diagnostics.error(c.callee().span(), "cannot define function `" + name + "`: the name is taken",
                    "choose another name");
            return;
        }
        scope.functions.put(name, new CellScope.UserFunction(params, e.rhs(), new LinkedHashMap<>(), e.span()));
    }

    /**
     * `(f_t; i_t; o_t; g_t) = …`: the right side is one value, the stack, and each name on the
     * left a slice of it; the checker finds where each starts from the sizes of the values.
     */
    private void stack(Expr.Concat lhs, Statement.Equation e) {
        List<Expr.Ref> parts = new ArrayList<>();
        for (Expr p : lhs.parts()) {
            if (!(p instanceof Expr.Ref r) || r.time() != null && r.time().lag() != 0) {
                scope.diagnostics.error(p.span(), "a stacked left side lists the values it defines",
                        "write names at the current step, e.g. `(i_t; f_t; o_t; g_t) = …`");
                return;
            }
            parts.add(r);
        }
        List<String> names = parts.stream().map(Expr.Ref::name).toList();
        String stack = "[" + String.join("; ", names) + "]";
        if (!definition(new Expr.Ref(stack, null, lhs.span()), e)) {
            return;
        }
        scope.stacks.put(stack, names);
        for (Expr.Ref part : parts) {
            if (definition(part, new Statement.Equation(part, new Expr.Ref(stack, null, lhs.span()), e.span()))) {
                scope.stackOf.put(part.name(), stack);
            }
        }
    }

    /** `W_a[a, x] = W_aa a + W_ax x`: W_aa and W_ax name the column blocks of W_a. */
    private void blockIdentity(Expr.Ref stored, Expr.Concat blocks, Statement.Equation e) {
        List<Expr> terms = new ArrayList<>();
        flattenSum(e.rhs(), terms);
        Map<String, Integer> aliases = new LinkedHashMap<>();
        for (Expr term : terms) {
            int index = -1;
            if (term instanceof Expr.Product p && p.factors().size() == 2 && p.factors().get(0) instanceof Expr.Ref alias
                    && alias.time() == null) {
                for (int i = 0; i < blocks.parts().size(); i++) {
                    if (ExprEquality.same(blocks.parts().get(i), p.factors().get(1))) {
                        index = i;
                    }
                }
                if (index >= 0 && !aliases.containsValue(index)) {
                    aliases.put(alias.name(), index);
                    continue;
                }
            }
            scope.diagnostics.error(term.span(), "this term does not match a block of `" + stored.name() + "["
                            + "…]`", "write one product per block, e.g. `W_a[a, x] = W_aa a + W_ax x`");
            return;
        }
        if (aliases.size() != blocks.parts().size()) {
            scope.diagnostics.error(e.rhs().span(), "every block of `" + stored.name() + "[…]` needs a product on the right",
                    "e.g. `W_a[a, x] = W_aa a + W_ax x`");
            return;
        }
        aliases.forEach((alias, index) ->
                scope.views.put(alias, new CellScope.ViewDef(stored.name(), index, blocks.parts(), e.span())));
    }

    private static void flattenSum(Expr e, List<Expr> terms) {
        if (e instanceof Expr.Binary b && b.op() == Expr.BinaryOp.ADD) {
            flattenSum(b.left(), terms);
            flattenSum(b.right(), terms);
        } else {
            terms.add(e);
        }
    }
}
