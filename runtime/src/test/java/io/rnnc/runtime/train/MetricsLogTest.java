package io.rnnc.runtime.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rnnc.runtime.data.DataException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The metrics file format: what training writes is what plots read, line for line. */
class MetricsLogTest {
    @TempDir
    Path dir;

    @Test
    void stepsAreWrittenOneLineEachAndReadBack() throws IOException {
        Path file = dir.resolve("model.metrics.jsonl");
        LoggedStep first = LoggedStep.at(100).with(MetricsLog.EPOCH, 1).with(MetricsLog.TRAIN_LOSS, 1.8423)
                .with(MetricsLog.LR, 0.003).with(MetricsLog.WALL_S, 8.25);
        LoggedStep second = LoggedStep.at(200).with(MetricsLog.TRAIN_LOSS, Double.NaN)
                .with(Map.of(MetricsLog.EVAL_LOSS, 1.6, "accuracy", 0.5));
        try (MetricsLog.Appender out = MetricsLog.create(file)) {
            out.write(first);
            out.write(second);
        }
        List<String> lines = Files.readAllLines(file);
        assertEquals("{\"step\":100,\"epoch\":1,\"train_loss\":1.8423,\"lr\":0.003,\"wall_s\":8.25}", lines.get(0));
        assertTrue(lines.get(1).startsWith("{\"step\":200,\"train_loss\":null,"), lines.get(1));
        List<LoggedStep> read = MetricsLog.read(file);
        assertEquals(List.of(first, second), read);
        assertTrue(Double.isNaN(read.get(1).get(MetricsLog.TRAIN_LOSS).orElseThrow()), "null reads as NaN");
        assertEquals(0.5, read.get(1).get("accuracy").orElseThrow());
        assertTrue(read.get(1).get(MetricsLog.LR).isEmpty(), "an absent field stays absent");
    }

    @Test
    void aResumedRunReplacesTheStepsItGoesBackOver() throws IOException {
        Path file = dir.resolve("run.metrics.jsonl");
        try (MetricsLog.Appender out = MetricsLog.create(file)) {
            for (int step = 10; step <= 40; step += 10) {
                out.write(LoggedStep.at(step).with(MetricsLog.TRAIN_LOSS, step));
            }
        }
        // The run crashed after step 40; its last checkpoint was at 20, and it went on from there.
        try (MetricsLog.Appender out = MetricsLog.append(file)) {
            out.write(LoggedStep.at(30).with(MetricsLog.TRAIN_LOSS, -30));
            out.write(LoggedStep.at(40).with(MetricsLog.TRAIN_LOSS, -40));
            out.write(LoggedStep.at(50).with(MetricsLog.TRAIN_LOSS, -50));
        }
        List<LoggedStep> read = MetricsLog.read(file);
        assertEquals(List.of(10L, 20L, 30L, 40L, 50L), read.stream().map(LoggedStep::step).toList());
        assertEquals(List.of(10.0, 20.0, -30.0, -40.0, -50.0),
                read.stream().map(s -> s.get(MetricsLog.TRAIN_LOSS).orElseThrow()).toList());
    }

    @Test
    void aLastLineStillBeingWrittenIsSkipped() throws IOException {
        Path file = dir.resolve("live.metrics.jsonl");
        Files.writeString(file, "{\"step\":1,\"train_loss\":2.5}\n{\"step\":2,\"train_lo");
        assertEquals(1, MetricsLog.read(file).size());
    }

    @Test
    void aBrokenLineIsNamedByFileAndLine() throws IOException {
        Path file = dir.resolve("bad.metrics.jsonl");
        Files.writeString(file, "{\"step\":1}\n{\"step\":2,\"train_loss\":\"low\"}\n{\"step\":3}\n");
        DataException e = assertThrows(DataException.class, () -> MetricsLog.read(file));
        assertEquals(file + ":2: `train_loss` is \"low\", not a number or null", e.getMessage());
    }

    @Test
    void everyLineNeedsAWholeStep() throws IOException {
        for (String line : List.of("{\"train_loss\":1}", "{\"step\":-1}", "{\"step\":1.5}", "[1,2]", "{\"step\":1} {}",
                "{step:1}", "{\"step\":1,\"Loss\":2}", "{\"step\":1,\"loss\":NaN}")) {
            Path file = dir.resolve("bad.metrics.jsonl");
            Files.writeString(file, line + "\n");
            DataException e = assertThrows(DataException.class, () -> MetricsLog.read(file), line);
            assertTrue(e.getMessage().startsWith(file + ":1: "), e.getMessage());
        }
    }

    @Test
    void aMissingFileIsOneSentence() {
        Path file = dir.resolve("none.metrics.jsonl");
        DataException e = assertThrows(DataException.class, () -> MetricsLog.read(file));
        assertEquals(file + ": no such file", e.getMessage());
    }

    @Test
    void theFileLiesBesideTheCheckpoint() {
        assertEquals(Path.of("runs", "a", "model.metrics.jsonl"), MetricsLog.besideCheckpoint(Path.of("runs", "a", "model.safetensors")));
        assertEquals(Path.of("ckpt.metrics.jsonl"), MetricsLog.besideCheckpoint(Path.of("ckpt")));
    }

    @Test
    void namesAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> LoggedStep.at(1).with("Train Loss", 1));
        assertThrows(IllegalArgumentException.class, () -> LoggedStep.at(1).with(MetricsLog.STEP, 1));
        assertThrows(IllegalArgumentException.class, () -> LoggedStep.at(-1));
    }
}
