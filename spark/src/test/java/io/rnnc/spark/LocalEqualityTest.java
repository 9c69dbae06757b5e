package io.rnnc.spark;

import static io.rnnc.spark.SparkTraining.maxDifference;
import static io.rnnc.spark.SparkTraining.parameters;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rnnc.compiler.model.Checkpoint;
import io.rnnc.runtime.data.Standardizer;
import io.rnnc.runtime.tensor.Tensor;
import io.rnnc.runtime.train.LoggedStep;
import io.rnnc.runtime.train.MetricsLog;
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
    /** An hourly series of temperature and electric load, with a date column. */
    private static final Path LOAD = Path.of("..", "cli", "src", "test", "resources", "data", "load.csv");
    /** Words of the genesis text beside themselves reversed. */
    private static final Path REVERSE = Path.of("..", "samples", "data", "reverse.tsv");
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
        assertTrainsAsOneMachine("lm", run, 1e-12, 2, 3);
        // The driver evaluates on the text's last tenth as one machine does, and logs it in the same metrics file.
        assertEvaluatedAlike(dir.resolve("one.safetensors"), dir.resolve("spark3.safetensors"));
    }

    /**
     * Dropout on the input and between two layers, and on the recurrent state: each stream draws
     * its masks by its place among all the streams, so a partition's streams are dropped as one
     * machine drops them.
     */
    @Test
    void languageModelWithDropoutMatchesOneMachine() throws Exception {
        List<String> run = List.of("--cell", "stdlib:lstm", "--data", SparkTraining.GENESIS.toString(), "--hidden", "8",
                "--layers", "2", "--dropout", "0.3", "--recurrent-dropout", "0.2", "--batch", "6", "--steps", "10",
                "--bptt", "20", "--max-steps", "5", "--precision", "f64", "--lr", "0.01");
        assertTrainsAsOneMachine("lm with dropout", run, 1e-12, 2, 3);
    }

    /**
     * Variational dropout (one mask per sequence) and recurrent dropout on a classifier: a
     * partition's share of a batch is scattered through it, and each sequence draws its masks by
     * its place in the whole batch.
     */
    @Test
    void classifierWithVariationalDropoutMatchesOneMachine() throws Exception {
        Path tsv = dir.resolve("verses.tsv");
        Files.writeString(tsv, String.join("", verses()));
        List<String> run = List.of("--task", "classify", "--cell", "stdlib:gru", "--data", tsv.toString(), "--hidden", "8",
                "--layers", "2", "--dropout", "0.3", "--variational", "--recurrent-dropout", "0.2", "--batch", "12",
                "--max-steps", "5", "--precision", "f64", "--header", "no");
        assertTrainsAsOneMachine("classify with dropout", run, 1e-12, 2, 3);
    }

    /** A driver that stops after a checkpoint and resumes from it ends where one that ran through ends. */
    @Test
    void resumedRunEndsWhereAnUninterruptedOneDoes() throws Exception {
        List<String> run = List.of("--cell", "stdlib:lstm", "--data", SparkTraining.GENESIS.toString(), "--hidden", "8",
                "--batch", "4", "--steps", "10", "--bptt", "20", "--precision", "f64", "--lr", "0.01", "--spark",
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

    /**
     * A line that is not `label<TAB>text`, or a series' field that is not a number, found on an
     * executor, is one sentence naming the file and line; no stack trace.
     */
    @Test
    void badDataIsNamed() throws Exception {
        Path tsv = dir.resolve("bad.tsv");
        Files.writeString(tsv, "yes\tgood line\nno line without a label\n");
        SparkTraining.Result r = SparkTraining.spark(List.of("--task", "classify", "--cell", "stdlib:gru", "--data",
                tsv.toString(), "--spark", "local[2]", "--checkpoint", dir.resolve("bad.safetensors").toString()));
        assertEquals(SparkTrain.BAD_INPUT, r.status(), r.err());
        assertTrue(r.err().startsWith("rnnc: " + tsv + ":2: has no tab; each line is `label<TAB>text`"), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        Path csv = dir.resolve("bad.csv");
        StringBuilder rows = new StringBuilder("hour,load\n");
        for (int i = 0; i < 30; i++) {
            rows.append(i).append(',').append(i == 3 ? "n/a" : String.valueOf(600 + i)).append('\n');
        }
        Files.writeString(csv, rows);
        SparkTraining.Result series = SparkTraining.spark(List.of("--task", "regress", "--cell", "stdlib:gru", "--data",
                csv.toString(), "--spark", "local[2]", "--checkpoint", dir.resolve("bad.safetensors").toString()));
        assertEquals(SparkTrain.BAD_INPUT, series.status(), series.err());
        assertEquals("rnnc: " + csv + ":5: `n/a` in column `load` is not a finite number; choose the input columns "
                + "with --columns", series.err().strip());
        SparkTraining.Result usage = SparkTraining.spark(List.of("--cell", "stdlib:gru", "--data", tsv.toString(),
                "--optimizer", "adamax"));
        assertEquals(2, usage.status(), usage.err());
        assertTrue(usage.err().startsWith("rnnc: --optimizer: unknown optimizer `adamax`"), usage.err());
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
        assertTrainsAsOneMachine("lm in float32", run, 1e-6, 3);
    }

    @Test
    void classifierMatchesOneMachine() throws Exception {
        Path tsv = dir.resolve("verses.tsv");
        Files.writeString(tsv, String.join("", verses()));
        List<String> run = List.of("--task", "classify", "--cell", "stdlib:gru", "--data", tsv.toString(), "--hidden", "8",
                "--batch", "12", "--max-steps", "5", "--precision", "f64", "--header", "no");
        assertTrainsAsOneMachine("classify", run, 1e-12, 2, 3);
    }

    /**
     * A time series forecast from a CSV file with a quoted header and a date column (detected),
     * two of its columns read and one forecast, windows of 12 rows every 24: the windows a
     * partition trains on are whole there, with the rows their targets read.
     */
    @Test
    void regressionMatchesOneMachine() throws Exception {
        List<String> run = List.of("--task", "regress", "--cell", "stdlib:gru", "--data", LOAD.toString(), "--columns",
                "temp,load", "--target", "load", "--steps", "12", "--stride", "24", "--hidden", "4", "--batch", "8",
                "--max-steps", "4", "--precision", "f64");
        assertTrainsAsOneMachine("regress", run, 1e-12, 2, 3);
        Checkpoint saved = Checkpoint.load(dir.resolve("spark3.safetensors"));
        Checkpoint alone = Checkpoint.load(dir.resolve("one.safetensors"));
        assertEquals(alone.encoders().get("columns"), saved.encoders().get("columns"));
        assertEquals(alone.encoders().get("targets"), saved.encoders().get("targets"));
        assertStandardisedAlike(alone.encoders().get("input_scaling"), saved.encoders().get("input_scaling"));
    }

    /** An encoder-decoder whose encoder runs both ways (and the bridges from its two directions to the decoder). */
    @Test
    void bidirectionalSeq2seqMatchesOneMachine() throws Exception {
        List<String> run = List.of("--task", "seq2seq", "--cell", "stdlib:gru", "--data", REVERSE.toString(),
                "--bidirectional", "--hidden", "4", "--batch", "8", "--max-steps", "4", "--precision", "f64");
        assertTrainsAsOneMachine("seq2seq", run, 1e-12, 2, 3);
        assertEvaluatedAlike(dir.resolve("one.safetensors"), dir.resolve("spark3.safetensors"));
    }

    /**
     * A header line detected (`--header auto`), a held-out file of its own (`--valid`), and
     * evaluations during the run (`--eval-every`): the metrics file and the best checkpoint are
     * written beside the checkpoint, with the held-out losses one machine logs.
     */
    @Test
    void heldOutFileAndEvaluationsDuringTheRunAsOnOneMachine() throws Exception {
        List<String> verses = verses();
        Path train = dir.resolve("train.tsv");
        Path valid = dir.resolve("valid.tsv");
        Files.writeString(train, "label\ttext\n" + String.join("", verses.subList(0, 200)));
        Files.writeString(valid, String.join("", verses.subList(200, 240)));
        List<String> run = List.of("--task", "classify", "--cell", "stdlib:gru", "--data", train.toString(), "--valid",
                valid.toString(), "--hidden", "4", "--batch", "16", "--max-steps", "4", "--eval-every", "2",
                "--precision", "f64");
        assertTrainsAsOneMachine("classify with --valid", run, 1e-12, 3);
        assertEvaluatedAlike(dir.resolve("one.safetensors"), dir.resolve("spark3.safetensors"));
        assertTrue(Files.exists(dir.resolve("spark3.best.safetensors")));
        assertTrue(Files.exists(dir.resolve("spark3.loss.png")));
    }

    /**
     * Sequences of numbers (detected, `--inputs auto`): each day of the load series, its 24
     * hours of temperature and load, classified as a weekday or a weekend day; the features are
     * standardised on the training days as one machine standardises them.
     */
    @Test
    void numberSequencesMatchOneMachine() throws Exception {
        StringBuilder days = new StringBuilder();
        for (List<String[]> day : days()) {
            String date = day.get(0)[0].replace("\"", "").substring(0, 10);
            boolean weekend = java.time.LocalDate.parse(date).getDayOfWeek().getValue() >= 6;
            days.append(weekend ? "weekend" : "weekday").append('\t')
                    .append(String.join(" ", day.stream().map(f -> f[1] + "," + f[2]).toList())).append('\n');
        }
        Path tsv = dir.resolve("days.tsv");
        Files.writeString(tsv, days);
        List<String> run = List.of("--task", "classify", "--cell", "stdlib:gru", "--data", tsv.toString(), "--hidden", "4",
                "--batch", "10", "--max-steps", "4", "--precision", "f64");
        assertTrainsAsOneMachine("classify numbers", run, 1e-12, 3);
        assertStandardisedAlike(Checkpoint.load(dir.resolve("one.safetensors")).encoders().get("input_scaling"),
                Checkpoint.load(dir.resolve("spark3.safetensors")).encoders().get("input_scaling"));
        assertEvaluatedAlike(dir.resolve("one.safetensors"), dir.resolve("spark3.safetensors"));
    }

    /**
     * One value per sequence (`--task value`): each day's mean load from its 24 hourly
     * temperatures, both standardised on the training days.
     */
    @Test
    void valueRegressionMatchesOneMachine() throws Exception {
        StringBuilder days = new StringBuilder();
        for (List<String[]> day : days()) {
            double load = day.stream().mapToDouble(f -> Double.parseDouble(f[2])).average().orElseThrow();
            days.append(load).append('\t').append(String.join(" ", day.stream().map(f -> f[1]).toList())).append('\n');
        }
        Path tsv = dir.resolve("loads.tsv");
        Files.writeString(tsv, days);
        List<String> run = List.of("--task", "value", "--cell", "stdlib:gru", "--data", tsv.toString(), "--hidden", "4",
                "--batch", "10", "--max-steps", "4", "--precision", "f64");
        assertTrainsAsOneMachine("value", run, 1e-12, 2, 3);
        assertStandardisedAlike(Checkpoint.load(dir.resolve("one.safetensors")).encoders().get("target_scaling"),
                Checkpoint.load(dir.resolve("spark3.safetensors")).encoders().get("target_scaling"));
        assertEvaluatedAlike(dir.resolve("one.safetensors"), dir.resolve("spark3.safetensors"));
    }

    /** The first 120 days of the load series, each its 24 rows' fields (date, temperature, load). */
    private static List<List<String[]>> days() throws Exception {
        List<String> rows = Files.readAllLines(LOAD).subList(1, 24 * 120 + 1);
        List<List<String[]>> days = new ArrayList<>();
        for (int d = 0; d < 120; d++) {
            days.add(rows.subList(24 * d, 24 * d + 24).stream().map(r -> r.split(",")).toList());
        }
        return days;
    }

    /** The held-out losses two runs logged, step by step: the same evaluations of the same models. */
    private static void assertEvaluatedAlike(Path one, Path spark) {
        List<LoggedStep> a = evaluations(one);
        List<LoggedStep> b = evaluations(spark);
        assertEquals(a.stream().map(LoggedStep::step).toList(), b.stream().map(LoggedStep::step).toList());
        assertTrue(!a.isEmpty(), "no held-out evaluation logged");
        for (int i = 0; i < a.size(); i++) {
            double x = a.get(i).get(MetricsLog.EVAL_LOSS).getAsDouble();
            double y = b.get(i).get(MetricsLog.EVAL_LOSS).getAsDouble();
            assertEquals(x, y, 1e-9 * Math.abs(x), "held-out loss at step " + a.get(i).step());
        }
    }

    private static List<LoggedStep> evaluations(Path checkpoint) {
        return MetricsLog.read(MetricsLog.besideCheckpoint(checkpoint)).stream()
                .filter(s -> s.get(MetricsLog.EVAL_LOSS).isPresent()).toList();
    }

    private static void assertStandardisedAlike(String one, String spark) {
        Standardizer a = Standardizer.fromJson(one, "one machine");
        Standardizer b = Standardizer.fromJson(spark, "Spark");
        for (int j = 0; j < a.width(); j++) {
            assertEquals(a.mean(j), b.mean(j), 1e-12 * Math.abs(a.mean(j)));
            assertEquals(a.scale(j), b.scale(j), 1e-12 * a.scale(j));
        }
    }

    /** The genesis text's verses as `label<TAB>text` lines: whether a verse begins with "And". */
    private static List<String> verses() throws Exception {
        List<String> lines = new ArrayList<>();
        for (String verse : Files.readAllLines(SparkTraining.GENESIS)) {
            if (!verse.isBlank()) {
                String[] words = verse.split(" ", 2);
                lines.add((words[0].equals("And") ? "and" : "other") + "\t" + words[1] + "\n");
            }
        }
        return lines;
    }

    /**
     * Trains {@code run} on one machine and on Spark with each number of {@code partitions}: the
     * parameters end at most {@code tolerance} apart.
     */
    private void assertTrainsAsOneMachine(String what, List<String> run, double tolerance, int... partitions)
            throws Exception {
        Map<String, Tensor> one = oneMachine(run);
        for (int p : partitions) {
            double d = maxDifference(one, onSpark(run, p));
            System.out.printf("%s, %d partitions: largest parameter difference %.3g%n", what, p, d);
            assertTrue(d < tolerance, what + ", " + p + " partitions: " + d);
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
            args.addAll(List.of("--spark", "local[2]"));
            r = SparkTraining.spark(args);
        }
        assertEquals(0, r.status(), r.out() + r.err());
        assertTrue(r.out().contains(partitions + " partitions on local[2]"), r.out());
        return parameters(ckpt);
    }
}
