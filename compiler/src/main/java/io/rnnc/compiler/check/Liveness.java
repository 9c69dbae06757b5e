package io.rnnc.compiler.check;

import io.rnnc.compiler.diag.Diagnostics;
import io.rnnc.compiler.source.Span;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Warnings for work that cannot matter: a value nothing reads (a cell that copies Goodfellow
 * et al.'s `o^{(t)} = c + V h^{(t)}` and outputs `h`), and parameters that reach no output,
 * whose gradient is always zero.
 */
final class Liveness {
    private final TypedCell cell;
    /** For each value, the values and parameters it reads (states at any lag). */
    private final Map<String, Set<String>> valueReads = new LinkedHashMap<>();
    private final Map<String, Set<String>> paramReads = new LinkedHashMap<>();

    private Liveness(TypedCell cell) {
        this.cell = cell;
    }

    /**
     * Reports the values and parameters of {@code cell} that do not reach its output.
     *
     * @param definedAt where each value's equation names it
     */
    static void warn(TypedCell cell, Function<String, Span> definedAt, Diagnostics diagnostics) {
        new Liveness(cell).report(definedAt, diagnostics);
    }

    private void report(Function<String, Span> definedAt, Diagnostics diagnostics) {
        Map<String, String> stored = new LinkedHashMap<>();
        cell.views().forEach(v -> stored.put(v.alias(), v.param()));
        for (TypedCell.Value v : cell.values()) {
            Set<String> values = new LinkedHashSet<>();
            Set<String> params = new LinkedHashSet<>();
            collect(v.expr(), values, params, stored);
            valueReads.put(v.name(), values);
            paramReads.put(v.name(), params);
        }
        Set<String> live = live();
        for (TypedCell.Value v : cell.values()) {
            if (!live.contains(v.name()) && readers(v.name()).stream().allMatch(r -> r.equals(v.name()))) {
                boolean selfRead = readers(v.name()).contains(v.name());
                diagnostics.warning(definedAt.apply(v.name()), "`" + v.name() + "` is computed but "
                                + (selfRead ? "never reaches the output `" + cell.output() + "`" : "nothing reads it"),
                        "the layer outputs `" + cell.output() + "`; declare `output " + v.name()
                                + "` to output this instead, or remove the line");
            }
        }
        Set<String> liveParams = new LinkedHashSet<>();
        live.forEach(v -> liveParams.addAll(paramReads.get(v)));
        for (TypedCell.Param p : cell.params()) {
            if (!liveParams.contains(p.name())) {
                List<String> users = cell.values().stream().map(TypedCell.Value::name)
                        .filter(v -> paramReads.get(v).contains(p.name())).toList();
                diagnostics.warning(p.span(), "parameter `" + p.name() + "` reaches no output (only `"
                                + String.join("`, `", users) + "` use" + (users.size() == 1 ? "s" : "") + " it)",
                        "its gradient is always zero, so training never changes it");
            }
        }
    }

    /** The output and everything it reads, at this step or through states at earlier ones. */
    private Set<String> live() {
        Set<String> live = new LinkedHashSet<>();
        Deque<String> pending = new ArrayDeque<>(List.of(cell.output()));
        while (!pending.isEmpty()) {
            String v = pending.pop();
            if (valueReads.containsKey(v) && live.add(v)) {
                pending.addAll(valueReads.get(v));
            }
        }
        return live;
    }

    private Set<String> readers(String value) {
        Set<String> readers = new LinkedHashSet<>();
        valueReads.forEach((v, reads) -> {
            if (reads.contains(value)) {
                readers.add(v);
            }
        });
        return readers;
    }

    private static void collect(TExpr e, Set<String> values, Set<String> params, Map<String, String> stored) {
        if (e instanceof TExpr.Read r) {
            values.add(r.name());
        } else if (e instanceof TExpr.ParamRef p) {
            params.add(p.param());
        } else if (e instanceof TExpr.MatVec m) {
            params.add(stored.getOrDefault(m.param(), m.param()));
            collect(m.operand(), values, params, stored);
        } else if (e instanceof TExpr.Call c) {
            c.args().forEach(a -> collect(a, values, params, stored));
        } else if (e instanceof TExpr.Arith a) {
            collect(a.left(), values, params, stored);
            collect(a.right(), values, params, stored);
        } else if (e instanceof TExpr.Neg n) {
            collect(n.operand(), values, params, stored);
        } else if (e instanceof TExpr.Pow p) {
            collect(p.base(), values, params, stored);
        } else if (e instanceof TExpr.Concat c) {
            c.parts().forEach(p -> collect(p, values, params, stored));
        } else if (e instanceof TExpr.Slice s) {
            collect(s.source(), values, params, stored);
        }
    }
}
