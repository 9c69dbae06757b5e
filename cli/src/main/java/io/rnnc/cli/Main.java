package io.rnnc.cli;

import io.rnnc.runtime.RnncException;
import io.rnnc.runtime.tensor.HeapLimit;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The `rnnc` command. */
// INHERIT: every subcommand gets --help, -h and --version too; picocli then prints usage before
// it checks required options, so `rnnc train --help` needs no --data.
@Command(name = "rnnc", scope = CommandLine.ScopeType.INHERIT, mixinStandardHelpOptions = true, version = "rnnc 0.1.0",
        description = "A language and compiler for recurrent neural network cells.",
        subcommands = {CommandLine.HelpCommand.class, CheckCommand.class, ShowCommand.class, RunCommand.class,
                GradcheckCommand.class, CompileCommand.class, TrainCommand.class, EvalCommand.class, PredictCommand.class,
                SampleCommand.class, ExportCommand.class, BenchCommand.class, DevicesCommand.class, ListCommand.class, PlotCommand.class,
                GesturesCommand.class, CompareCommand.class})
public final class Main implements Runnable {
    /** The command thread's stack (reserved, not committed: only what is used takes memory). */
    static final long STACK_BYTES = 1L << 30;

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

    private static void listExitStatuses(CommandLine command) {
        command.getCommandSpec().usageMessage().exitCodeListHeading("%nExit status:%n").exitCodeList(Exit.descriptions());
        command.getSubcommands().values().forEach(Main::listExitStatuses);
    }

    /**
     * Runs the command line with the given streams; returns the exit status. For tests too. The
     * command runs on a thread with a stack of {@link #STACK_BYTES}: the compiler's passes recurse
     * over a cell's equations, and a cell of 10,000 chained equations recurses 10,000 deep.
     */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        int[] status = {Exit.INTERNAL};
        Thread command = new Thread(null, () -> status[0] = runHere(args, out, err), "rnnc", STACK_BYTES);
        command.start();
        try {
            command.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Exit.INTERRUPTED;
        }
        return status[0];
    }

    private static int runHere(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new Main());
        listExitStatuses(cli);
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler((ex, args1) -> {
            // One sentence and a pointer to the help, not the whole usage text of a 40-option command.
            CommandLine command = ex.getCommandLine();
            PrintWriter e = command.getErr();
            e.println("rnnc: " + ex.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(ex, e);
            e.println("see `" + command.getCommandSpec().qualifiedName() + " --help`");
            e.flush();
            return Exit.USAGE;
        });
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof ExitStatus status) {
                return status.status();
            }
            if (ex instanceof UserError || ex instanceof RnncException) {
                int status = ex instanceof UserError user ? user.status() : Exit.of((RnncException) ex);
                String message = ex instanceof RnncException e ? ErrorMessages.of(e) : ex.getMessage();
                commandLine.getErr().println("rnnc: " + message
                        + (status == Exit.USAGE ? " (see `" + commandLine.getCommandSpec().qualifiedName() + " --help`)" : ""));
                commandLine.getErr().flush();
                return status;
            }
            commandLine.getErr().println("rnnc: internal error: " + ex
                    + " (this is a bug in rnnc; set RNNC_DEBUG=1 for the stack trace)");
            if (System.getenv("RNNC_DEBUG") != null) {
                ex.printStackTrace(new PrintWriter(commandLine.getErr(), true));
            }
            commandLine.getErr().flush();
            return Exit.INTERNAL;
        });
        try {
            return cli.execute(args);
        } catch (OutOfMemoryError e) {
            // What the estimates let through; the arrays are garbage by now, so there is room to say so.
            err.println("rnnc: ran out of memory (the JVM may use " + HeapLimit.format(HeapLimit.heap())
                    + "); use smaller sizes, or give Java more memory (" + HeapLimit.MORE_MEMORY + ")");
            err.flush();
            return Exit.UNAVAILABLE;
        } catch (StackOverflowError e) {
            err.println("rnnc: internal error: " + e + " (this is a bug in rnnc; set RNNC_DEBUG=1 for the stack trace)");
            if (System.getenv("RNNC_DEBUG") != null) {
                e.printStackTrace(err);
            }
            err.flush();
            return Exit.INTERNAL;
        }
    }
}
