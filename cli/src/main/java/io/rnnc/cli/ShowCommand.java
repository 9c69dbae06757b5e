package io.rnnc.cli;

import io.rnnc.compiler.CellProgram;
import io.rnnc.compiler.check.TypedCell;
import io.rnnc.compiler.show.BackwardPrinter;
import io.rnnc.compiler.show.CellPrinter;
import io.rnnc.compiler.show.Notation;
import io.rnnc.compiler.show.PlanPrinter;
import io.rnnc.compiler.schedule.Scheduler;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** `rnnc show FILE`: the cell as rnnc understood it. */
@Command(name = "show", description = "Print a cell's normalised equations, the role and shape of every name.")
final class ShowCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "A .rnn file, FILE:CELL for one of its cells, or stdlib:NAME.")
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
        String separator = "";
        for (TypedCell cell : CellSources.checkedCells(file, err)) {
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
