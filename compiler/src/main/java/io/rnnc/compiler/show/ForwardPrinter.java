package io.rnnc.compiler.show;

import io.rnnc.compiler.check.TypedCell;
import java.util.List;

/**
 * `rnnc show --latex`: a cell's forward step, one equation a line, in the layout
 * {@link BackwardPrinter} gives the backward step: for LaTeX an {@code aligned} block under a
 * comment that names the cell, ready to paste into a paper.
 */
public final class ForwardPrinter {
    private ForwardPrinter() {
    }

    /** The forward equations of {@code cell} in {@code notation}, in the order they are computed. */
    public static String print(TypedCell cell, Notation notation) {
        ExprPrinter printer = new ExprPrinter(cell, notation);
        boolean latex = notation == Notation.LATEX;
        StringBuilder out = new StringBuilder();
        out.append(latex ? "% " : "").append("forward step of ").append(cell.name()).append('\n');
        if (latex) {
            out.append("\\begin{aligned}\n");
        }
        for (Equations.Line line : Equations.of(cell)) {
            out.append("  ").append(leftSide(line, printer, latex)).append(latex ? " &= " : " = ")
                    .append(printer.print(line.expr())).append(latex ? " \\\\\n" : "\n");
        }
        if (latex) {
            out.append("\\end{aligned}\n");
        }
        return out.toString();
    }

    /** `h_t`, or stacked values as a column: `(f_t; i_t)`, in LaTeX a `pmatrix`. */
    private static String leftSide(Equations.Line line, ExprPrinter printer, boolean latex) {
        List<String> defined = line.defined().stream().map(d -> printer.name(d, 0, false)).toList();
        if (defined.size() == 1) {
            return defined.get(0);
        }
        return latex ? "\\begin{pmatrix} " + String.join(" \\\\ ", defined) + " \\end{pmatrix}"
                : "(" + String.join("; ", defined) + ")";
    }
}
