package io.rnnc.runtime.export;

import io.rnnc.runtime.data.DataException;
import io.rnnc.runtime.kernels.LaneSupport;
import io.rnnc.runtime.layer.Sampler;
import io.rnnc.runtime.train.TextGenerator;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The command line of an exported model. A language model: {@code java -jar model.jar
 * [--prompt TEXT] [--length N] [--temperature T] [--top-k K] [--top-p P] [--seed S]
 * [--stop TEXT]...}, its text as {@code rnnc sample} prints it with the same options. Any
 * other model: {@code java -jar model.jar FILE}, its answer for each input of the file as
 * {@code rnnc predict} prints it. Exit status 0, 2 for a wrong option, 3 for input the model
 * cannot read (a prompt outside the vocabulary, a missing file) or a damaged jar.
 */
public final class ExportMain {
    private static final String USAGE = "usage: java -jar model.jar [--prompt TEXT] [--length N] [--temperature T] "
            + "[--top-k K] [--top-p P] [--seed S] [--stop TEXT]...";
    /** The options a language model's jar takes, each with a value. */
    private static final Set<String> OPTIONS = Set.of("--prompt", "--length", "--temperature", "--top-k", "--top-p",
            "--seed", "--stop");
    private static final String FILE_USAGE = "usage: java -jar model.jar FILE (the inputs, one a line)";

    private ExportMain() {
    }

    public static void main(String[] args) {
        // OpenBLAS called through JavaCPP alone, not netlib's binding as well: the same products, 0.2 s less to load.
        if (System.getProperty("rnnc.blas") == null) {
            System.setProperty("rnnc.blas", "staged");
        }
        int status = run(args, System.out, System.err);
        StartupClock.mark("answered");
        System.exit(status);
    }

    /** Runs the command line; returns the exit status. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        StartupClock.mark("main started");
        String notice = LaneSupport.takeNotice();
        if (notice != null) {
            err.println("model: " + notice);
        }
        ExportedModel model;
        try {
            model = ExportedModel.open();
            StartupClock.mark("model loaded");
        } catch (DataException e) {
            err.println("model: " + e.getMessage());
            return 3;
        }
        return model.task().equals("lm") ? generate(model, args, out, err) : predict(model, args, out, err);
    }

    private static int predict(ExportedModel model, String[] args, PrintStream out, PrintStream err) {
        if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
            out.println(FILE_USAGE);
            return 0;
        }
        if (args.length != 1 || args[0].startsWith("-")) {
            err.println("model: " + (args.length == 0 ? "give the file of inputs" : "unexpected " + String.join(" ", args)));
            err.println(FILE_USAGE);
            return 2;
        }
        PrintWriter errors = new PrintWriter(err, true);
        try {
            model.predict(Path.of(args[0]), new PrintWriter(out), errors);
            return 0;
        } catch (DataException | Sampler.NonFiniteLogits e) {
            errors.println("model: " + e.getMessage());
            return 3;
        }
    }

    private static int generate(ExportedModel model, String[] args, PrintStream out, PrintStream err) {
        TextGenerator.Options options;
        String prompt;
        try {
            Parsed p = parse(args);
            if (p == null) {
                out.println(USAGE);
                return 0;
            }
            options = p.options();
            prompt = p.prompt();
        } catch (IllegalArgumentException e) {
            err.println("model: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        try {
            out.println(model.generate(prompt, options));
            return 0;
        } catch (DataException e) {
            err.println("model: " + e.getMessage());
            return 3;
        }
    }

    private record Parsed(String prompt, TextGenerator.Options options) {
    }

    /** The options, or null when help was asked for. */
    private static Parsed parse(String[] args) {
        String prompt = "";
        int length = 300;
        double temperature = 0.7;
        int topK = 0;
        double topP = 1;
        long seed = 1;
        List<String> stop = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--help") || a.equals("-h")) {
                return null;
            }
            if (!OPTIONS.contains(a)) {
                throw new IllegalArgumentException(a.startsWith("-") ? "unknown option " + a : "unexpected " + a);
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(a + " needs a value");
            }
            String v = args[++i];
            switch (a) {
                case "--prompt" -> prompt = v;
                case "--length" -> length = number(a, v, Integer::parseInt);
                case "--temperature" -> temperature = number(a, v, Double::parseDouble);
                case "--top-k" -> topK = number(a, v, Integer::parseInt);
                case "--top-p" -> topP = number(a, v, Double::parseDouble);
                case "--seed" -> seed = number(a, v, Long::parseLong);
                case "--stop" -> stop.add(v);
            }
        }
        if (temperature < 0 || topK < 0 || !(topP > 0 && topP <= 1)) {
            throw new IllegalArgumentException("--temperature and --top-k must be at least 0, --top-p in (0, 1]");
        }
        return new Parsed(prompt, new TextGenerator.Options(length, temperature, topK, topP, seed, stop));
    }

    private static <T> T number(String option, String value, java.util.function.Function<String, T> parse) {
        try {
            return parse.apply(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " takes a number, not " + value);
        }
    }
}
