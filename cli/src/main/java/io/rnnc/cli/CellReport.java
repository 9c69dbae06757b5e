package io.rnnc.cli;

import io.rnnc.compiler.CellProgram;
import io.rnnc.compiler.check.TypedCell;
import io.rnnc.compiler.schedule.Scheduler;
import io.rnnc.compiler.show.BackwardPrinter;
import io.rnnc.compiler.show.CellPrinter;
import io.rnnc.compiler.show.ForwardPrinter;
import io.rnnc.compiler.show.Notation;
import io.rnnc.compiler.show.PlanPrinter;
import io.rnnc.compiler.source.Source;
import io.rnnc.report.HtmlReport;
import io.rnnc.report.Inline;
import io.rnnc.report.Section;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A cell in an HTML report, as `rnnc show` and its options print it: the forward equations and
 * the derived backward equations as typeset mathematics, every name's role and shape, the sizes
 * and the compiled plan. `show --html` makes a page of these; reports of training runs and
 * comparisons add them beside their own sections.
 */
final class CellReport {
    private CellReport() {
    }

    /** Adds a section for {@code cell} to {@code report}. */
    static void add(HtmlReport report, TypedCell cell) {
        Section section = report.section("cell " + cell.name());
        section.section("Forward step")
                .paragraph("The equations as rnnc reads them, in the order each step computes them:")
                .math(aligned(ForwardPrinter.print(cell, Notation.LATEX)));
        CellProgram program = CellProgram.of(cell);
        section.section("Backward step (backpropagation through time)")
                .paragraph("Derived by symbolic differentiation, simplified, with shared terms named once.")
                .math(aligned(BackwardPrinter.print(program.backward(), Notation.LATEX)))
                .paragraph(legend(BackwardPrinter.print(program.backward(), Notation.UNICODE)));
        section.section("Names and shapes")
                .table(List.of("name", "role", "shape", "note"), CellPrinter.names(cell).stream().map(CellReport::nameRow).toList())
                .table(List.of("size", "set by"), CellPrinter.sizes(cell).stream()
                        .map(row -> row.stream().map(Inline::text).toList()).toList());
        section.section("Compiled plan").preformatted(PlanPrinter.print(Scheduler.of(CellProgram.grouped(cell))));
    }

    /** Adds the file the cells came from, as written. */
    static void addSource(HtmlReport report, Source source) {
        report.section("Source: " + source.name()).preformatted(source.text());
    }

    private static List<Inline> nameRow(List<String> row) {
        return List.of(Inline.math(Notation.LATEX.name(row.get(0), null)), Inline.text(row.get(1)),
                Inline.text(row.get(2)), Inline.text(row.get(3)));
    }

    /** The printers' LaTeX without their comment lines: the {@code aligned} block alone. */
    private static String aligned(String latex) {
        return latex.lines().filter(line -> !line.startsWith("%")).collect(Collectors.joining("\n"));
    }

    /** The last line of the Unicode backward equations says what the symbols mean. */
    private static String legend(String unicode) {
        List<String> lines = unicode.lines().toList();
        return lines.get(lines.size() - 1);
    }
}
