package io.rnnc.compiler.show;

import io.rnnc.compiler.check.TypedCell;

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
        for (TypedCell.Value v : cell.values()) {
            out.append("  ").append(printer.name(v.name(), 0, false)).append(latex ? " &= " : " = ")
                    .append(printer.print(v.expr())).append(latex ? " \\\\\n" : "\n");
        }
        if (latex) {
            out.append("\\end{aligned}\n");
        }
        return out.toString();
    }
}
