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
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training on Spark ({@code local[2]}) with 2 and 3 partitions ends with the parameters `rnnc
 * train` ends with on one machine, given the same global batch, seed and steps.
 */
class LocalEqualityTest {
    private static JavaSparkContext sc;

    @TempDir
    Path dir;

    /** One context for every run (the command uses the one running), to keep the tests short. */
    @BeforeAll
    static void start() {
        sc = new JavaSparkContext(new SparkConf().setMaster("local[2]").setAppName("equality")
                .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1"));
    }

    @AfterAll
    static void stop() {
        sc.stop();
    }

    @Test
    void languageModelWithTruncatedBpttMatchesOneMachine() throws Exception {
        List<String> run = List.of("--cell", "stdlib:lstm", "--data", SparkTraining.GENESIS.toString(), "--hidden", "8",
                "--batch", "6", "--steps", "10", "--bptt", "20", "--max-steps", "6", "--precision", "f64", "--lr", "0.01");
        Map<String, Tensor> one = oneMachine(run);
        for (int partitions : new int[] {2, 3}) {
            double d = maxDifference(one, onSpark(run, partitions));
            System.out.printf("lm, %d partitions: largest parameter difference %.3g%n", partitions, d);
            assertTrue(d < 1e-12, partitions + " partitions: " + d);
        }
    }

    /** A driver that stops after a checkpoint and resumes from it ends where one that ran through ends. */
    @Test
    void resumedRunEndsWhereAnUninterruptedOneDoes() throws Exception {
        List<String> run = List.of("--cell", "stdlib:lstm", "--data", SparkTraining.GENESIS.toString(), "--hidden", "8",
                "--batch", "4", "--steps", "10", "--bptt", "20", "--precision", "f64", "--lr", "0.01", "--master",
                "local[2]", "--partitions", "2");
        Path through = dir.resolve("through.safetensors");
        Path resumed = dir.resolve("resumed.safetensors");
        assertEquals(0, SparkTraining.spark(with(run, "--max-steps", "6", "--checkpoint", through.toString())).status());
        assertEquals(0, SparkTraining.spark(with(run, "--max-steps", "3", "--checkpoint", resumed.toString())).status());
        SparkTraining.Result r = SparkTraining.spark(with(run, "--max-steps", "6", "--checkpoint", resumed.toString(),
                "--resume"));
        assertEquals(0, r.status(), r.out() + r.err());
        assertTrue(r.out().contains("resumed " + resumed + " at step 3"), r.out());
        assertEquals(0, maxDifference(parameters(through), parameters(resumed)));
    }

    /** A line that is not `label<TAB>text`, found on an executor, is one sentence naming the file; no stack trace. */
    @Test
    void badDataIsNamed() throws Exception {
        Path tsv = dir.resolve("bad.tsv");
        Files.writeString(tsv, "yes\tgood line\nno line without a label\n");
        SparkTraining.Result r = SparkTraining.spark(List.of("--task", "classify", "--cell", "stdlib:gru", "--data",
                tsv.toString(), "--master", "local[2]", "--checkpoint", dir.resolve("bad.safetensors").toString()));
        assertEquals(SparkTrain.BAD_INPUT, r.status(), r.err());
        assertTrue(r.err().startsWith("rnnc: " + tsv + ": example 2 is not `label<TAB>text`"), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        SparkTraining.Result usage = SparkTraining.spark(List.of("--cell", "stdlib:gru", "--data", tsv.toString(),
                "--optimizer", "adamax"));
        assertEquals(2, usage.status(), usage.err());
        assertTrue(usage.err().contains("--optimizer must be sgd or"), usage.err());
    }

    private static List<String> with(List<String> run, String... more) {
        List<String> args = new ArrayList<>(run);
        args.addAll(List.of(more));
        return args;
    }

    /**
     * In float32 each partition's products round differently from the whole batch's (the BLAS
     * sums a gradient over fewer rows), by about float32's epsilon (6e-8) relative; Adam's steps
     * of about the learning rate carry that into the parameters.
     */
    @Test
    void float32LanguageModelMatchesOneMachineToItsRounding() throws Exception {
        List<String> run = List.of("--cell", "stdlib:lstm", "--data", SparkTraining.GENESIS.toString(), "--hidden", "8",
                "--batch", "6", "--steps", "10", "--max-steps", "6", "--lr", "0.01");
        Map<String, Tensor> one = oneMachine(run);
        double d = maxDifference(one, onSpark(run, 3));
        System.out.printf("lm in float32, 3 partitions: largest parameter difference %.3g%n", d);
        assertTrue(d < 1e-6, "3 partitions: " + d);
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
            assertTrue(d < 1e-12, partitions + " partitions: " + d);
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

    /** Two partitions through `rnnc train --spark`, three through the command spark-submit runs. */
    private Map<String, Tensor> onSpark(List<String> run, int partitions) throws Exception {
        Path ckpt = dir.resolve("spark" + partitions + ".safetensors");
        List<String> args = new ArrayList<>(run);
        args.addAll(List.of("--partitions", String.valueOf(partitions), "--checkpoint", ckpt.toString()));
        SparkTraining.Result r;
        if (partitions == 2) {
            args.addAll(List.of("--spark", "local[2]"));
            r = SparkTraining.rnnc(args.toArray(String[]::new));
        } else {
            args.addAll(List.of("--master", "local[2]"));
            r = SparkTraining.spark(args);
        }
        assertEquals(0, r.status(), r.out() + r.err());
        assertTrue(r.out().contains(partitions + " partitions on local[2]"), r.out());
        return parameters(ckpt);
    }
}
