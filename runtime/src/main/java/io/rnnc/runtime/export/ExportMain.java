package io.rnnc.runtime.export;

import io.rnnc.runtime.data.DataException;
import io.rnnc.runtime.train.TextGenerator;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code java -jar model.jar [--prompt TEXT] [--length N] [--temperature T] [--top-k K]
 * [--top-p P] [--seed S] [--stop TEXT]...}: the exported language model's text, as
 * {@code rnnc sample} prints it with the same options. Exit status 0, 2 for a wrong option, 3
 * for a prompt the vocabulary cannot read or a damaged jar.
 */
public final class ExportMain {
    private static final String USAGE = "usage: java -jar model.jar [--prompt TEXT] [--length N] [--temperature T] "
            + "[--top-k K] [--top-p P] [--seed S] [--stop TEXT]...";

    private ExportMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the command line; returns the exit status. */
    static int run(String[] args, PrintStream out, PrintStream err) {
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
            ExportedModel model = ExportedModel.open();
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
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(a.startsWith("--") ? a + " needs a value" : "unexpected " + a);
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
                default -> throw new IllegalArgumentException("unknown option " + a);
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
