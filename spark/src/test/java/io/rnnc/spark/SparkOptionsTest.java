package io.rnnc.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rnnc.cli.Main;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The Spark command takes `rnnc train`'s options, declared once, and refuses in one sentence
 * (status 2, before Spark starts) each one it cannot honour.
 */
class SparkOptionsTest {
    /** A value each refused option accepts, so that it is the refusal that answers, not picocli. */
    private static final Map<String, String> VALUES = Map.of("--frames", "8x8x1", "--conv2d", "4:3x3",
            "--init-from", "start.safetensors", "--report", "report", "--prompt", "In the");

    @Test
    void sparkDeclaresEveryOptionOfTrain() {
        Set<String> train = names(new CommandLine(new Main()).getSubcommands().get("train"));
        Set<String> spark = names(new CommandLine(new SparkTrain()));
        Set<String> missing = new TreeSet<>(train);
        missing.removeAll(spark);
        assertTrue(missing.isEmpty(), "not declared on Spark: " + missing);
    }

    @Test
    void everyOptionSparkCannotHonourIsRefusedInOneSentence() {
        List<String> refused = new ArrayList<>();
        for (OptionSpec option : new CommandLine(new SparkTrain()).getCommandSpec().options()) {
            String name = option.longestName();
            if (SparkOptions.honours(name) || option.usageHelp() || option.versionHelp()) {
                continue;
            }
            List<String> args = new ArrayList<>(List.of("--cell", "stdlib:gru", "--data", "corpus.txt", name));
            if (option.arity().max() > 0) {
                args.add(VALUES.getOrDefault(name, "2"));
            }
            assertRefused(args, name + " is not available on Spark: ");
            refused.add(name);
        }
        // What no test should lose sight of: these are refused, not honoured in part.
        assertTrue(refused.containsAll(List.of("--frames", "--conv2d", "--init-from", "--report", "--sample",
                "--threads")), refused.toString());
    }

    @Test
    void tasksAndBackendsSparkDoesNotRunAreRefused() {
        assertRefused(List.of("--cell", "stdlib:gru", "--data", "tags.tsv", "--task", "tag"),
                "--task tag is not available on Spark: it trains lm, classify, regress, value and seq2seq");
        assertRefused(List.of("--cell", "stdlib:gru", "--data", "corpus.txt", "--backend", "opencl"),
                "--backend opencl is not available on Spark: executors compute with the jvm backend");
        assertRefused(List.of("--cell", "stdlib:gru", "--data", "corpus.txt", "--valid", "v.txt", "--split", "0.2"),
                "--valid holds out a file of its own, and --split a part of --data; give one of them");
    }

    private static void assertRefused(List<String> args, String sentence) {
        SparkTraining.Result r = SparkTraining.spark(args);
        assertEquals(SparkTrain.USAGE, r.status(), args + ": " + r.err());
        assertTrue(r.err().startsWith("rnnc: " + sentence), args + ": " + r.err());
        assertEquals(1, r.err().lines().count(), r.err());
    }

    private static Set<String> names(CommandLine command) {
        Set<String> names = new TreeSet<>();
        command.getCommandSpec().options().forEach(o -> names.add(o.longestName()));
        return names;
    }
}
