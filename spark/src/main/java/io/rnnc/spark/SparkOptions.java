package io.rnnc.spark;

import io.rnnc.cli.UsageError;
import io.rnnc.compiler.model.RunConfig;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * Which of `rnnc train`'s options a run on Spark honours. The command declares them all, as
 * `rnnc train` does; one given that is not honoured here is refused, in one sentence, so that an
 * option added to `rnnc train` is refused on Spark until Spark honours it, never ignored.
 */
final class SparkOptions {
    /** The options a run on Spark honours: `rnnc train`'s that it carries out, and its own. */
    private static final Set<String> HONOURED = Set.of(
            // The cell, the data and how it is read.
            "--cell", "--data", "--task", "--valid", "--split", "--header", "--level", "--target", "--columns",
            "--stride", "--horizon", "--inputs",
            // The model: its spec travels to the executors whole.
            "--hidden", "--size", "--layers", "--bidirectional", "--dropout", "--recurrent-dropout", "--variational",
            "--dense", "--conv", "--conv-kernel", "--pool", "--backend", "--precision",
            // The training.
            "--reduction", "--steps", "--bptt", "--batch", "--epochs", "--max-steps", "--optimizer", "--lr",
            "--schedule", "--momentum", "--weight-decay", "--clip-value", "--clip-norm", "--seed", "--skip-nonfinite",
            "--eval-every", "--patience",
            // What the driver saves.
            "--checkpoint", "--every", "--resume",
            // Spark's.
            "--spark", "--partitions", "--tree-depth", "--log-every");
    /** Why an option is refused and what to do instead, where there is more to say than to train on one machine. */
    private static final Map<String, String> REFUSED = Map.of(
            "--frames", "image sequences are read on one machine only",
            "--conv2d", "image sequences are read on one machine only",
            "--threads", "each task computes on the threads Spark gives it (--conf spark.task.cpus=N)",
            "--init-from", "start from saved parameters on one machine, or continue a run on Spark with --resume",
            "--report", "the report is written on one machine: run `rnnc eval` on the checkpoint there",
            "--sample", "sample from the checkpoint with `rnnc sample --checkpoint FILE`",
            "--prompt", "sample from the checkpoint with `rnnc sample --checkpoint FILE`",
            "--temperature", "sample from the checkpoint with `rnnc sample --checkpoint FILE`");
    /** The tasks Spark trains. */
    static final Set<String> TASKS = Set.of("lm", "classify", "regress", "value", "seq2seq");

    private SparkOptions() {
    }

    /** Whether a run on Spark honours option {@code name}. */
    static boolean honours(String name) {
        return HONOURED.contains(name);
    }

    /** Refuses the first option of {@code given} that Spark does not honour, and values it cannot honour. */
    static void refuseWhatSparkCannotDo(ParseResult given) {
        for (OptionSpec option : given.matchedOptions()) {
            String name = option.longestName();
            if (!HONOURED.contains(name)) {
                throw new UsageError(name + " is not available on Spark: " + REFUSED.getOrDefault(name,
                        "train on one machine to use it"));
            }
        }
        String task = given.matchedOptionValue("--task", "lm");
        if (RunConfig.Data.TASKS.contains(task) && !TASKS.contains(task)) {
            throw new UsageError("--task " + task + " is not available on Spark: it trains lm, classify, regress, value "
                    + "and seq2seq; train on one machine for the others");
        }
        String backend = given.matchedOptionValue("--backend", "jvm");
        if (!backend.equals("jvm")) {
            throw new UsageError("--backend " + backend + " is not available on Spark: executors compute with the jvm "
                    + "backend");
        }
    }
}
