package io.rnnc.cli;

import io.rnnc.compiler.CellProgram;
import io.rnnc.compiler.Frontend;
import io.rnnc.compiler.check.TypedCell;
import io.rnnc.compiler.diag.DiagnosticPrinter;
import io.rnnc.compiler.show.BackwardPrinter;
import io.rnnc.compiler.show.CellPrinter;
import io.rnnc.compiler.show.Notation;
import io.rnnc.compiler.show.PlanPrinter;
import io.rnnc.compiler.source.HeaderComment;
import io.rnnc.compiler.source.Source;
import io.rnnc.compiler.schedule.Scheduler;
import java.io.PrintWriter;
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

    @Parameters(paramLabel = "FILE", description = "A .rnn file or stdlib:NAME.")
    String file;

    @Option(names = "--grad", description = "Print the derived backward (BPTT) equations.")
    boolean grad;

    @Option(names = "--latex", description = "Print the backward equations as LaTeX (implies --grad).")
    boolean latex;

    @Option(names = "--plan", description = "Print the compiled schedule: GEMMs, fused regions, saved values.")
    boolean plan;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Source source = CellSources.load(file);
        Frontend.Result result = Frontend.check(source);
        err.print(DiagnosticPrinter.format(result.diagnostics().sorted()));
        err.flush();
        if (!result.ok()) {
            return Exit.BAD_INPUT;
        }
        String separator = "";
        if (!plan && !grad && !latex) {
            // What the cell is and where it comes from: the comment the file begins with.
            List<String> header = HeaderComment.lines(source);
            header.forEach(line -> out.println(line.isEmpty() ? "#" : "# " + line));
            separator = header.isEmpty() ? "" : "\n";
        }
        for (TypedCell cell : result.cells()) {
            out.print(separator);
            if (plan) {
                out.print(PlanPrinter.print(Scheduler.of(CellProgram.grouped(cell))));
            } else if (grad || latex) {
                CellProgram program = CellProgram.of(cell);
                out.print(BackwardPrinter.print(program.backward(), latex ? Notation.LATEX : Notation.UNICODE));
            } else {
                out.print(CellPrinter.print(cell));
            }
            separator = "\n";
        }
        out.flush();
        return Exit.OK;
    }
}
