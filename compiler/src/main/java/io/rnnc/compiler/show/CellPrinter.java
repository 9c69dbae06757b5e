package io.rnnc.compiler.show;

import io.rnnc.compiler.check.Size;
import io.rnnc.compiler.check.TypedCell;
import java.util.ArrayList;
import java.util.List;

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
        for (TypedCell.Value v : cell.values()) {
            out.append("  ").append(printer.name(v.name(), 0, false)).append(" = ")
                    .append(printer.print(v.expr())).append('\n');
        }
        out.append("\nnames\n");
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {cell.input(), "input", "[" + cell.inputSize() + "]", ""});
        for (TypedCell.Value v : cell.values()) {
            TypedCell.State s = cell.state(v.name());
            String shape = v.shape().isVector() ? "[" + v.shape().size() + "]" : "[]";
            String note = s == null ? "" : "read at t-" + s.maxLag();
            if (v.name().equals(cell.output())) {
                note = note.isEmpty() ? "output" : note + "; output";
            }
            rows.add(new String[] {v.name(), s == null ? "value" : "state", shape, note});
        }
        for (TypedCell.Param p : cell.params()) {
            String note = p.init() == null ? "" : "init " + p.init();
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
