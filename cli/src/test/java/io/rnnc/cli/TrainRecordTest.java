package io.rnnc.cli;

import static io.rnnc.cli.TrainCommandTest.rnnc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rnnc.compiler.model.Checkpoint;
import io.rnnc.runtime.train.LoggedStep;
import io.rnnc.runtime.train.MetricsLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every `rnnc train` keeps its record beside its checkpoint: the metrics file, the loss plot;
 * held-out evaluations every N steps; early stopping that keeps the best checkpoint; a resumed
 * run appending to the same record.
 */
class TrainRecordTest {
    private static final String TEXT = "the cat sat on the mat. the dog ran to the cat. ".repeat(40);

    private static String[] train(Path data, Path ckpt, String... more) {
        String[] base = {"train", "--cell", "stdlib:gru", "--data", data.toString(), "--hidden", "16", "--steps", "10",
            "--batch", "4", "--checkpoint", ckpt.toString(), "--sample", "0"};
        String[] all = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    @Test
    void aRunKeepsItsMetricsAndLossPlotBesideItsCheckpoint(@TempDir Path dir) throws Exception {
        Path data = Files.writeString(dir.resolve("text.txt"), TEXT);
        Path ckpt = dir.resolve("m.safetensors");
        TrainCommandTest.Result r = rnnc(train(data, ckpt, "--max-steps", "12", "--eval-every", "5"));
        assertEquals(0, r.status(), r.err());
        List<LoggedStep> steps = MetricsLog.read(dir.resolve("m.metrics.jsonl"));
        assertEquals(LongStream.rangeClosed(1, 12).boxed().toList(), steps.stream().map(LoggedStep::step).toList(),
                "a short run logs every step");
        for (LoggedStep s : steps) {
            for (String field : List.of(MetricsLog.EPOCH, MetricsLog.TRAIN_LOSS, MetricsLog.LR, MetricsLog.GRAD_NORM,
                    MetricsLog.SEQ_PER_S, MetricsLog.WALL_S)) {
                assertTrue(s.get(field).isPresent(), field + " at step " + s.step());
            }
            boolean evaluated = s.step() % 5 == 0 || s.step() == 12;
            assertEquals(evaluated, s.get(MetricsLog.EVAL_LOSS).isPresent(), "held-out loss at step " + s.step());
            assertEquals(evaluated, s.get("bits_per_token").isPresent(), "the task's metric at step " + s.step());
        }
        assertTrue(r.out().contains("metrics: " + dir.resolve("m.metrics.jsonl") + "; plots: " + dir.resolve("m.loss.png")
                + ", " + dir.resolve("m.loss.svg")), r.out());
        assertTrue(Files.size(dir.resolve("m.loss.png")) > 0 && Files.readString(dir.resolve("m.loss.svg")).contains("<svg"));
        assertTrue(r.out().contains("best held-out loss"), r.out());
        assertEquals(steps.stream().filter(s -> s.get(MetricsLog.EVAL_LOSS).isPresent())
                        .min((a, b) -> Double.compare(a.get(MetricsLog.EVAL_LOSS).getAsDouble(),
                                b.get(MetricsLog.EVAL_LOSS).getAsDouble())).orElseThrow().step(),
                Checkpoint.load(dir.resolve("m.best.safetensors")).step(), "the best checkpoint is the best evaluation's");
    }

    @Test
    void patienceStopsARunThatNoLongerImproves(@TempDir Path dir) throws Exception {
        Path data = Files.writeString(dir.resolve("text.txt"), TEXT);
        Path ckpt = dir.resolve("m.safetensors");
        // Adam at a learning rate this high improves for a few steps, then overshoots.
        TrainCommandTest.Result r = rnnc(train(data, ckpt, "--max-steps", "60", "--eval-every", "2", "--patience", "2",
                "--lr", "0.3"));
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("stopped early: step "), r.out());
        Checkpoint last = Checkpoint.load(ckpt);
        Checkpoint best = Checkpoint.load(dir.resolve("m.best.safetensors"));
        assertTrue(last.step() < 60, "stopped at " + last.step());
        assertEquals(last.step() - 4, best.step(), "two evaluations, two steps apart, without improvement");
        assertTrue(r.out().contains("the best checkpoint is kept: the results, plots and report below are of step "
                + best.step()), r.out());

        TrainCommandTest.Result again = rnnc("train", "--resume", "--data", data.toString(), "--checkpoint", ckpt.toString());
        assertEquals(0, again.status(), again.err());
        assertTrue(again.out().contains("the run stopped early at step " + last.step()), again.out());
        TrainCommandTest.Result patient = rnnc("train", "--resume", "--data", data.toString(), "--checkpoint",
                ckpt.toString(), "--patience", "100", "--sample", "0");
        assertEquals(0, patient.status(), patient.err());
        assertTrue(patient.out().contains("patience: 100 evaluations instead of the saved run's 2"), patient.out());
        assertTrue(patient.out().contains("finished: step 60"), patient.out());
    }

    @Test
    void aResumedRunAppendsToTheSameRecord(@TempDir Path dir) throws Exception {
        Path data = Files.writeString(dir.resolve("text.txt"), TEXT);
        Path ckpt = dir.resolve("m.safetensors");
        assertEquals(0, rnnc(train(data, ckpt, "--max-steps", "6", "--eval-every", "3")).status());
        List<LoggedStep> first = MetricsLog.read(dir.resolve("m.metrics.jsonl"));
        TrainCommandTest.Result r = rnnc("train", "--resume", "--data", data.toString(), "--checkpoint", ckpt.toString(),
                "--max-steps", "10", "--sample", "0");
        assertEquals(0, r.status(), r.err());
        List<LoggedStep> all = MetricsLog.read(dir.resolve("m.metrics.jsonl"));
        assertEquals(LongStream.rangeClosed(1, 10).boxed().toList(), all.stream().map(LoggedStep::step).toList());
        assertEquals(first, all.subList(0, 6), "the first part's lines are kept as they were");
        assertTrue(all.get(6).get(MetricsLog.WALL_S).getAsDouble() >= first.get(5).get(MetricsLog.WALL_S).getAsDouble(),
                "wall time goes on counting");
        assertTrue(all.get(8).get(MetricsLog.EVAL_LOSS).isPresent(), "the saved --eval-every 3 still applies");
        assertFalse(all.get(7).get(MetricsLog.EVAL_LOSS).isPresent());
    }

    @Test
    void optionsAboutEvaluationAreChecked(@TempDir Path dir) throws Exception {
        Path data = Files.writeString(dir.resolve("text.txt"), TEXT);
        TrainCommandTest.Result r = rnnc(train(data, dir.resolve("m.safetensors"), "--patience", "3"));
        assertEquals(Exit.USAGE, r.status());
        assertTrue(r.err().contains("--patience counts held-out evaluations; give --eval-every N too"), r.err());
        TrainCommandTest.Result negative = rnnc(train(data, dir.resolve("m.safetensors"), "--eval-every", "-1"));
        assertEquals(Exit.USAGE, negative.status());
        assertTrue(negative.err().contains("--eval-every and --patience must be at least 0"), negative.err());
    }
}
