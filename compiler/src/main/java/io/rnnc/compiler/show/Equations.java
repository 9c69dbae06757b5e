package io.rnnc.compiler.show;

import io.rnnc.compiler.check.TExpr;
import io.rnnc.compiler.check.TypedCell;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A cell's equations as `rnnc show` prints them: a stacked left side (`(f_t; i_t; o_t; g_t) = …`)
 * once, and the values it stacks not again on lines of their own.
 */
final class Equations {
    private Equations() {
    }

    /**
     * One equation.
     *
     * @param defined the values it defines: one, or the stacked values in order
     */
    record Line(List<String> defined, TExpr expr) {
    }

    /** The equations of {@code cell}, in the order the step computes them. */
    static List<Line> of(TypedCell cell) {
        Map<String, List<String>> stacks = stacks(cell);
        List<Line> lines = new ArrayList<>();
        for (TypedCell.Value v : cell.values()) {
            if (stackedSlice(v) == null) {
                lines.add(new Line(stacks.getOrDefault(v.name(), List.of(v.name())), v.expr()));
            }
        }
        return lines;
    }

    /** The slice of a stacked left side that defines {@code v} (`f_t` of `(f_t; i_t) = …`), or null. */
    static TExpr.Slice stackedSlice(TypedCell.Value v) {
        return v.expr() instanceof TExpr.Slice s && s.source() instanceof TExpr.Read ? s : null;
    }

    /** Each stacked left side's value, with the values it stacks in order. */
    static Map<String, List<String>> stacks(TypedCell cell) {
        Map<String, List<String>> stacks = new LinkedHashMap<>();
        for (TypedCell.Value v : cell.values()) {
            TExpr.Slice slice = stackedSlice(v);
            if (slice != null) {
                stacks.computeIfAbsent(((TExpr.Read) slice.source()).name(), k -> new ArrayList<>()).add(v.name());
            }
        }
        return stacks;
    }
}
