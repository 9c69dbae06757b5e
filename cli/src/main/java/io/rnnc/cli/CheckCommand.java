package io.rnnc.cli;

import io.rnnc.compiler.Frontend;
import io.rnnc.compiler.check.TypedCell;
import io.rnnc.compiler.diag.DiagnosticPrinter;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** `rnnc check FILE...`: parse and check cells; exit 0 when all are fine. */
@Command(name = "check", description = "Check cell files: names, shapes and equations.")
final class CheckCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "A .rnn file or stdlib:NAME.")
    List<String> files;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        boolean allOk = true;
        for (String file : files) {
            Frontend.Result result = Frontend.check(CellSources.load(file));
            err.print(DiagnosticPrinter.format(result.diagnostics().sorted()));
            if (result.ok()) {
                for (TypedCell cell : result.cells()) {
                    out.println(file + ": cell " + cell.name() + " ok (" + cell.states().size() + " state"
                            + (cell.states().size() == 1 ? "" : "s") + ", " + cell.params().size() + " parameters)");
                }
            } else {
                allOk = false;
                int n = result.diagnostics().errorCount();
                err.println(file + ": " + n + " error" + (n == 1 ? "" : "s"));
            }
        }
        out.flush();
        err.flush();
        return allOk ? Exit.OK : Exit.CHECK_FAILED;
    }
}
