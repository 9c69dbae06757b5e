package io.rnnc.cli;

import io.rnnc.compiler.backend.opencl.OpenClFallbackException;
import io.rnnc.runtime.data.DataException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The `rnnc` command. */
@Command(name = "rnnc", mixinStandardHelpOptions = true, version = "rnnc 0.1.0",
        description = "A language and compiler for recurrent neural network cells.",
        subcommands = {CheckCommand.class, ShowCommand.class, RunCommand.class, GradcheckCommand.class, CompileCommand.class,
                TrainCommand.class, EvalCommand.class, SampleCommand.class, BenchCommand.class, DevicesCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Runs the command line and exits with its status. */
    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line with the given streams; returns the exit status. For tests too. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof ExitStatus status) {
                return status.status();
            }
            if (ex instanceof UserError || ex instanceof DataException || ex instanceof OpenClFallbackException) {
                commandLine.getErr().println("rnnc: " + ex.getMessage());
                commandLine.getErr().flush();
                return 1;
            }
            commandLine.getErr().println("rnnc: internal error: " + ex
                    + " (this is a bug in rnnc; set RNNC_DEBUG=1 for the stack trace)");
            if (System.getenv("RNNC_DEBUG") != null) {
                ex.printStackTrace(new PrintWriter(commandLine.getErr(), true));
            }
            commandLine.getErr().flush();
            return 70;
        });
        return cli.execute(args);
    }
}
