package io.rnnc.spark;

import static io.rnnc.spark.SparkTraining.maxDifference;
import static io.rnnc.spark.SparkTraining.parameters;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rnnc.runtime.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training on Spark ({@code local[2]}) with 2 and 3 partitions ends with the parameters `rnnc
 * train` ends with on one machine, given the same global batch, seed and steps.
 */
class LocalEqualityTest {
    @TempDir
    Path dir;

    @Test
    void languageModelWithTruncatedBpttMatchesOneMachine() throws Exception {
        List<String> run = List.of("--cell", "stdlib:lstm", "--data", SparkTraining.GENESIS.toString(), "--hidden", "8",
                "--batch", "6", "--steps", "10", "--bptt", "20", "--max-steps", "6", "--precision", "f64", "--lr", "0.01");
        Map<String, Tensor> one = oneMachine(run);
        for (int partitions : new int[] {2, 3}) {
            double d = maxDifference(one, onSpark(run, partitions));
            System.out.printf("lm, %d partitions: largest parameter difference %.3g%n", partitions, d);
            assertTrue(d < 1e-9, partitions + " partitions: " + d);
        }
    }

    @Test
    void classifierMatchesOneMachine() throws Exception {
        Path tsv = dir.resolve("verses.tsv");
        StringBuilder lines = new StringBuilder();
        for (String verse : Files.readAllLines(SparkTraining.GENESIS)) {
            if (!verse.isBlank()) {
                String[] words = verse.split(" ", 2);
                lines.append(words[0].equals("And") ? "and" : "other").append('\t').append(words[1]).append('\n');
            }
        }
        Files.writeString(tsv, lines);
        List<String> run = List.of("--task", "classify", "--cell", "stdlib:gru", "--data", tsv.toString(), "--hidden", "8",
                "--batch", "12", "--max-steps", "5", "--precision", "f64", "--header", "no");
        Map<String, Tensor> one = oneMachine(run);
        for (int partitions : new int[] {2, 3}) {
            double d = maxDifference(one, onSpark(run, partitions));
            System.out.printf("classify, %d partitions: largest parameter difference %.3g%n", partitions, d);
            assertTrue(d < 1e-9, partitions + " partitions: " + d);
        }
    }

    private Map<String, Tensor> oneMachine(List<String> run) throws Exception {
        Path ckpt = dir.resolve("one.safetensors");
        List<String> args = new ArrayList<>(run);
        args.addAll(List.of("--checkpoint", ckpt.toString(), "--sample", "0"));
        SparkTraining.Result r = SparkTraining.rnnc(args.toArray(String[]::new));
        assertEquals(0, r.status(), r.err());
        return parameters(ckpt);
    }

    private Map<String, Tensor> onSpark(List<String> run, int partitions) throws Exception {
        Path ckpt = dir.resolve("spark" + partitions + ".safetensors");
        List<String> args = new ArrayList<>(run);
        args.addAll(List.of("--master", "local[2]", "--partitions", String.valueOf(partitions), "--checkpoint",
                ckpt.toString()));
        SparkTraining.Result r = SparkTraining.spark(args);
        assertEquals(0, r.status(), r.out() + r.err());
        return parameters(ckpt);
    }
}
