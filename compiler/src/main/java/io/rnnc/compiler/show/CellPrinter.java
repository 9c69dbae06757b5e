package io.rnnc.compiler.show;

import io.rnnc.compiler.check.Size;
import io.rnnc.compiler.check.TExpr;
import io.rnnc.compiler.check.TypedCell;
import java.util.ArrayList;
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
        for (Equations.Line line : Equations.of(cell)) {
            List<String> defined = line.defined().stream().map(d -> printer.name(d, 0, false)).toList();
            String lhs = defined.size() == 1 ? defined.get(0) : "(" + String.join("; ", defined) + ")";
            out.append("  ").append(lhs).append(" = ").append(printer.print(line.expr())).append('\n');
        }
        out.append("\nnames\n");
        table(nameRows(cell), out);
        out.append("\nsizes\n");
        for (List<String> size : sizes(cell)) {
            out.append("  ").append(size.get(0)).append("  ").append(size.get(1)).append('\n');
        }
        return out.toString();
    }

    /**
     * Every name of the cell with its role, shape and a note (`read at t-1; output`, `init …`),
     * as `rnnc show` lists them.
     */
    public static List<List<String>> names(TypedCell cell) {
        return nameRows(cell).stream().map(List::of).toList();
    }

    private static List<String[]> nameRows(TypedCell cell) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {cell.input(), "input", "[" + cell.inputSize() + "]", ""});
        Map<String, List<String>> stacks = Equations.stacks(cell);
        for (TypedCell.Value v : cell.values()) {
            if (stacks.containsKey(v.name())) {
                continue;
            }
            TypedCell.State s = cell.state(v.name());
            String shape = v.shape().isVector() ? "[" + v.shape().size() + "]" : "[]";
            List<String> notes = new ArrayList<>();
            TExpr.Slice slice = Equations.stackedSlice(v);
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
        return rows;
    }

    /** The sizes the cell depends on, each with what sets it: `H`, `hidden size (--hidden)`. */
    public static List<List<String>> sizes(TypedCell cell) {
        List<List<String>> sizes = new ArrayList<>();
        sizes.add(List.of("H", "hidden size (--hidden)"));
        if (cell.inputSize().equals(Size.var(TypedCell.INPUT))) {
            sizes.add(List.of("X", "input size (from the data)"));
        } else {
            sizes.add(List.of("X = " + cell.inputSize(), "input size, tied by the equations"));
        }
        for (String s : cell.sizeParams()) {
            sizes.add(List.of(s, "size parameter (--size " + s + "=N)"));
        }
        return sizes;
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
