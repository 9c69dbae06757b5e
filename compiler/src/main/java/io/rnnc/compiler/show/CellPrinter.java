package io.rnnc.compiler.show;

import io.rnnc.compiler.check.Size;
import io.rnnc.compiler.check.TExpr;
import io.rnnc.compiler.check.TypedCell;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * `rnnc show`: a checked cell as rnnc understood it: its equations in normalised notation,
 * every name with its role and shape, and the sizes it depends on.
 */
public final class CellPrinter {
    private CellPrinter() {
    }

    /** The whole report for one cell. */
    public static String print(TypedCell cell) {
        ExprPrinter printer = new ExprPrinter(cell);
        StringBuilder out = new StringBuilder();
        out.append("cell ").append(cell.name()).append("\n\n");
        Map<String, List<String>> stacks = stacks(cell);
        for (TypedCell.Value v : cell.values()) {
            if (stackOf(v) != null) {
                continue;
            }
            String lhs = stacks.containsKey(v.name())
                    ? "(" + String.join("; ", stacks.get(v.name()).stream().map(p -> printer.name(p, 0, false)).toList()) + ")"
                    : printer.name(v.name(), 0, false);
            out.append("  ").append(lhs).append(" = ").append(printer.print(v.expr())).append('\n');
        }
        out.append("\nnames\n");
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {cell.input(), "input", "[" + cell.inputSize() + "]", ""});
        for (TypedCell.Value v : cell.values()) {
            if (stacks.containsKey(v.name())) {
                continue;
            }
            TypedCell.State s = cell.state(v.name());
            String shape = v.shape().isVector() ? "[" + v.shape().size() + "]" : "[]";
            List<String> notes = new ArrayList<>();
            TExpr.Slice slice = stackOf(v);
            if (slice != null) {
                notes.add("stacked: rows " + slice.offset() + ":" + slice.offset().plus(slice.width()));
            }
            if (s != null) {
                notes.add("read at t-" + s.maxLag());
            }
            if (v.name().equals(cell.output())) {
                notes.add("output");
            }
            rows.add(new String[] {v.name(), s == null ? "value" : "state", shape, String.join("; ", notes)});
        }
        for (TypedCell.Param p : cell.params()) {
            String note = p.diagonal() ? "diagonal matrix, stored as its diagonal" : "";
            if (p.init() != null) {
                note = note.isEmpty() ? "init " + p.init() : note + "; init " + p.init();
            }
            rows.add(new String[] {p.name(), "parameter", p.shapeString(), note});
        }
        for (TypedCell.View v : cell.views()) {
            String cols = v.offset() + ":" + v.offset().plus(v.width());
            rows.add(new String[] {v.alias(), "block", "[" + cell.param(v.param()).rows() + ", " + v.width() + "]",
                    v.param() + "[:, " + cols + "]"});
        }
        table(rows, out);
        out.append("\nsizes\n");
        out.append("  H  hidden size (--hidden)\n");
        if (cell.inputSize().equals(Size.var(TypedCell.INPUT))) {
            out.append("  X  input size (from the data)\n");
        } else {
            out.append("  X = ").append(cell.inputSize()).append("  input size, tied by the equations\n");
        }
        for (String s : cell.sizeParams()) {
            out.append("  ").append(s).append("  size parameter (--size ").append(s).append("=N)\n");
        }
        return out.toString();
    }

    /** The slice of a stacked left side that defines {@code v} (`f_t` of `(f_t; i_t; o_t; g_t) = …`), or null. */
    private static TExpr.Slice stackOf(TypedCell.Value v) {
        return v.expr() instanceof TExpr.Slice s && s.source() instanceof TExpr.Read ? s : null;
    }

    /** Each stacked left side's value, with the values it stacks in order. */
    private static Map<String, List<String>> stacks(TypedCell cell) {
        Map<String, List<String>> stacks = new LinkedHashMap<>();
        for (TypedCell.Value v : cell.values()) {
            TExpr.Slice slice = stackOf(v);
            if (slice != null) {
                stacks.computeIfAbsent(((TExpr.Read) slice.source()).name(), k -> new ArrayList<>()).add(v.name());
            }
        }
        return stacks;
    }

    private static void table(List<String[]> rows, StringBuilder out) {
        int[] widths = new int[3];
        for (String[] r : rows) {
            for (int i = 0; i < 3; i++) {
                widths[i] = Math.max(widths[i], r[i].codePointCount(0, r[i].length()) - combining(r[i]));
            }
        }
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder("  ");
            for (int i = 0; i < 4; i++) {
                line.append(r[i]);
                if (i < 3) {
                    int w = r[i].codePointCount(0, r[i].length()) - combining(r[i]);
                    line.append(" ".repeat(widths[i] - w + 2));
                }
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
    }

    private static int combining(String s) {
        return (int) s.codePoints().filter(cp -> Character.getType(cp) == Character.NON_SPACING_MARK).count();
    }
}
