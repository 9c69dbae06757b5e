package io.rnnc.compiler.check;

import io.rnnc.compiler.ast.Expr;
import io.rnnc.compiler.ast.Names;
import io.rnnc.compiler.ast.Statement;
import io.rnnc.compiler.source.Span;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The second pass: decides which name is the input, which values are states (read at an
 * earlier step), and the order in which one step computes its values.
 */
final class Roles {
    private final CellScope scope;
    /** Names read at the current step that no equation defines, with where they are read. */
    private final Map<String, Span> undefinedNow = new LinkedHashMap<>();
    /** For each value, the values it reads at the current step. */
    private final Map<String, Set<String>> readsNow = new LinkedHashMap<>();
    /** Names read without a time index that no equation defines: parameters, or a bare input `x`. */
    private final Map<String, Span> bareFree = new LinkedHashMap<>();

    private Roles(CellScope scope) {
        this.scope = scope;
    }

    static void resolve(CellScope scope) {
        new Roles(scope).run();
    }

    private void run() {
        for (var def : scope.definitions.entrySet()) {
            Set<String> reads = new LinkedHashSet<>();
            readsNow.put(def.getKey(), reads);
            ExprWalker.refs(def.getValue().rhs(), scope, r -> classify(r, reads));
        }
        chooseInput();
        declaredStates();
        scope.order = order();
    }

    private void classify(Expr.Ref r, Set<String> reads) {
        String name = r.name();
        int lag = r.time() == null ? 0 : r.time().lag();
        if (lag < 0) {
            scope.diagnostics.error(r.span(), "`" + name + "` is read at a future step",
                    "a cell computes step t from steps t, t-1, …; read `" + name + "_{t-1}` or `" + name + "_t`");
        } else if (lag > 0) {
            stateRead(r, lag);
        } else if (scope.isValue(name)) {
            reads.add(name);
        } else if (scope.unparsed.contains(name)) {
            return;
        } else if (r.time() != null || scope.declaredInputs.containsKey(name)) {
            undefinedNow.putIfAbsent(name, r.span());
        } else {
            bareFree.putIfAbsent(name, r.span());
        }
    }

    private void stateRead(Expr.Ref r, int lag) {
        String name = r.name();
        if (scope.isValue(name)) {
            scope.stateLags.merge(name, lag, Math::max);
        } else if (scope.unparsed.contains(name)) {
            return;
        } else if (scope.declaredInputs.containsKey(name) || name.equals("x")) {
            scope.diagnostics.error(r.span(), "the input `" + name + "` is read at an earlier step",
                    "only states are carried between steps; define one, e.g. `p_t = " + name
                            + "_t`, and read `p_{t-" + lag + "}`");
        } else {
            scope.diagnostics.error(r.span(), "`" + name + "` is read at step t-" + lag + " but no equation defines it",
                    "define it at the current step, e.g. `" + name + "_t = …`; a value read at an earlier step is a state");
        }
    }

    private void chooseInput() {
        if (!scope.declaredInputs.isEmpty()) {
            declaredInput();
            return;
        }
        List<String> candidates = new ArrayList<>(undefinedNow.keySet());
        String input = candidates.size() == 1 ? candidates.get(0)
                : candidates.stream().filter(c -> Names.baseLetter(c).equals("x")).findFirst().orElse(null);
        if (input == null && candidates.isEmpty()) {
            // Cho et al. and PyTorch's cell documentation write the input `x`, without an index.
            List<String> bareX = bareFree.keySet().stream()
                    .filter(n -> Names.baseLetter(n).equals("x") && !Names.hasLabel(n)).toList();
            if (bareX.size() == 1) {
                scope.input = bareX.get(0);
                return;
            }
            if (!scope.definitions.isEmpty() && !scope.hasErrors()) {
                scope.diagnostics.error(scope.cell.span(), "cell `" + scope.cell.name() + "` reads no input", noInputHint());
            }
            return;
        }
        scope.input = input;
        for (String c : candidates) {
            if (!c.equals(input)) {
                scope.diagnostics.error(undefinedNow.get(c), "`" + c + "` is used but never defined",
                        input == null ? "define it, or declare which name is the input, e.g. `input " + c + "`"
                                : "define it with an equation; the input of this cell is `" + input + "`");
            }
        }
    }

    /** `xt` and `ht` are what pasting a rendered `x_t` and `h_t` often gives: say so. */
    private String noInputHint() {
        String hint = "the input is a name with a time index that no equation defines, e.g. `x_t`";
        for (String name : bareFree.keySet()) {
            if (name.matches("\\p{L}t")) {
                String meant = name.charAt(0) + "_t";
                return hint + "; `" + name + "` looks like `" + meant + "` with its subscript lost in copying";
            }
        }
        return hint;
    }

    private void declaredInput() {
        var it = scope.declaredInputs.entrySet().iterator();
        var first = it.next();
        scope.input = first.getKey();
        while (it.hasNext()) {
            scope.diagnostics.error(it.next().getValue(), "a cell has one input",
                    "concatenate inputs in the data, or feed the second through another layer");
        }
        if (scope.isValue(scope.input)) {
            scope.diagnostics.error(first.getValue(), "the input `" + scope.input + "` is also defined by an equation",
                    "the input comes from the data; rename the value defined on line "
                            + scope.definitions.get(scope.input).span().line());
        }
        undefinedNow.forEach((name, span) -> {
            if (!scope.declaredInputs.containsKey(name)) {
                scope.diagnostics.error(span, "`" + name + "` is used but never defined",
                        "define it with an equation; the input of this cell is `" + scope.input + "`");
            }
        });
    }

    private void declaredStates() {
        scope.declaredStates.forEach((name, span) -> {
            if (scope.isValue(name)) {
                scope.stateLags.putIfAbsent(name, 1);
            } else if (!scope.unparsed.contains(name)) {
                scope.diagnostics.error(span, "state `" + name + "` is never defined",
                        "define it, e.g. `" + name + "_t = …`");
            }
        });
    }

    /** Values in an order where each comes after the values it reads at the same step. */
    private List<String> order() {
        List<String> out = new ArrayList<>();
        Map<String, Boolean> done = new HashMap<>();
        for (String v : scope.definitions.keySet()) {
            if (!done.containsKey(v)) {
                visit(v, done, out);
            }
        }
        return out;
    }

    /**
     * Depth-first from {@code root}, with an explicit stack: a cell may chain thousands of
     * values, deeper than the JVM's stack. {@code done} maps a value to false while it is on
     * the path (meeting it again is a cycle) and to true once placed in {@code out}.
     */
    private void visit(String root, Map<String, Boolean> done, List<String> out) {
        List<String> path = new ArrayList<>();
        Deque<Iterator<String>> pending = new ArrayDeque<>();
        path.add(root);
        pending.push(readsNow.getOrDefault(root, Set.of()).iterator());
        done.put(root, false);
        while (!pending.isEmpty()) {
            if (!pending.peek().hasNext()) {
                pending.pop();
                String v = path.remove(path.size() - 1);
                done.put(v, true);
                out.add(v);
                continue;
            }
            String dep = pending.peek().next();
            Boolean state = done.get(dep);
            if (state == null) {
                path.add(dep);
                pending.push(readsNow.getOrDefault(dep, Set.of()).iterator());
                done.put(dep, false);
            } else if (!state) {
                reportCycle(path.subList(path.indexOf(dep), path.size()));
            }
        }
    }

    private void reportCycle(List<String> cycle) {
        Statement.Equation first = scope.definitions.get(cycle.get(0));
        if (cycle.size() == 1) {
            String v = cycle.get(0);
            scope.diagnostics.error(first.lhs().span(), "`" + v + "` is computed from itself within one step",
                    "read the previous step, `" + v + "_{t-1}`, to make it a state");
            return;
        }
        String chain = String.join(" → ", cycle) + " → " + cycle.get(0);
        scope.diagnostics.error(first.lhs().span(), "values depend on each other within one step: " + chain,
                "read one of them at the previous step, e.g. `" + cycle.get(cycle.size() - 1) + "_{t-1}`, to make it a state");
    }
}
