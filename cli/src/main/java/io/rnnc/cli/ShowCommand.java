package io.rnnc.cli;

import io.rnnc.compiler.CellProgram;
import io.rnnc.compiler.check.TypedCell;
import io.rnnc.compiler.show.BackwardPrinter;
import io.rnnc.compiler.show.CellPrinter;
import io.rnnc.compiler.show.ForwardPrinter;
import io.rnnc.compiler.show.Notation;
import io.rnnc.compiler.show.PlanPrinter;
import io.rnnc.compiler.schedule.Scheduler;
import io.rnnc.compiler.source.HeaderComment;
import io.rnnc.compiler.source.Source;
import io.rnnc.report.HtmlReport;
import io.rnnc.stdlib.Stdlib;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** `rnnc show FILE`: the cell as rnnc understood it. */
@Command(name = "show", description = "Print a cell's header comment, its normalised equations, the role and shape of every name.")
final class ShowCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "A .rnn file, FILE:CELL for one of its cells, or stdlib:NAME.")
    String file;

    @Option(names = "--grad", description = "Print the derived backward (BPTT) equations.")
    boolean grad;

    @Option(names = "--latex", description = "Print the equations as LaTeX: the forward ones, or with --grad the backward ones.")
    boolean latex;

    @Option(names = "--plan", description = "Print the compiled schedule: GEMMs, fused regions, saved values.")
    boolean plan;

    @Option(names = "--html", description = "Write a report of the cell as one HTML file that opens offline: "
            + "its equations and the derived backward equations typeset, the names and shapes, the compiled plan.")
    boolean html;

    @Option(names = {"-o", "--out"}, paramLabel = "FILE",
            description = "Where --html writes the report (default: the file's name with .html, in this directory).")
    Path htmlFile;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (html && (grad || latex || plan)) {
            throw new UsageError("--html writes the whole report; it takes no --grad, --latex or --plan");
        }
        if (htmlFile != null && !html) {
            throw new UsageError("--out names the file --html writes; give --html too");
        }
        List<TypedCell> cells = CellSources.checkedCells(file, err);
        if (html) {
            writeReport(CellSources.load(CellSources.Ref.parse(file).file()), cells, out);
            return Exit.OK;
        }
        String separator = "";
        if (!plan && !grad && !latex) {
            // What the cell is and where it comes from: the comment the file begins with.
            List<String> header = HeaderComment.lines(CellSources.load(CellSources.Ref.parse(file).file()));
            header.forEach(line -> out.println(line.isEmpty() ? "#" : "# " + line));
            separator = header.isEmpty() ? "" : "\n";
        }
        for (TypedCell cell : cells) {
            out.print(separator);
            if (plan) {
                out.print(PlanPrinter.print(Scheduler.of(CellProgram.grouped(cell))));
            } else if (grad) {
                CellProgram program = CellProgram.of(cell);
                out.print(BackwardPrinter.print(program.backward(), latex ? Notation.LATEX : Notation.UNICODE));
            } else if (latex) {
                out.print(ForwardPrinter.print(cell, Notation.LATEX));
            } else {
                out.print(CellPrinter.print(cell));
            }
            separator = "\n";
        }
        out.flush();
        return Exit.OK;
    }

    private void writeReport(Source source, List<TypedCell> cells, PrintWriter out) {
        String path = CellSources.Ref.parse(file).file();
        String name = Stdlib.isStdlibRef(path) ? path.substring(Stdlib.PREFIX.length())
                : Path.of(path).getFileName().toString().replaceFirst("\\.rnn$", "");
        Path target = htmlFile != null ? htmlFile : Path.of(name + ".html");
        HtmlReport report = new HtmlReport(file);
        cells.forEach(cell -> CellReport.add(report, cell));
        CellReport.addSource(report, source);
        try {
            report.write(target);
        } catch (IOException e) {
            throw new UnavailableError(target + ": cannot write the report (" + IoReason.of(e) + ")");
        }
        out.println("report: " + target);
        out.flush();
    }
}
