package io.rnnc.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * Whatever bytes a checkpoint holds, `rnnc predict` (which reads it, rebuilds its cell, task and
 * model, and loads its parameters, as eval, sample and train --resume do) answers or refuses
 * in one sentence naming the file, with status 3 (bad input) or 4 (unavailable, such as a model
 * too large for the heap); never a stack trace or status 70. The corpus
 * ({@code CheckpointFuzzTestInputs}: checkpoints of each task, and every input that ever
 * failed) runs with the tests; {@code bench/fuzz.sh} fuzzes.
 */
class CheckpointFuzzTest {
    private static final Set<Integer> ANSWERS = Set.of(Exit.OK, Exit.BAD_INPUT, Exit.UNAVAILABLE);
    private static final Path DIR = directory();
    private static final Path CHECKPOINT = DIR.resolve("fuzz.safetensors");
    private static final Path INPUTS = DIR.resolve("inputs.txt");

    @FuzzTest
    @DictionaryEntries({"\"format\"", "rnnc-checkpoint-2", "\"run\"", "\"step\"", "\"cell.source\"", "\"cell.name\"",
        "\"vocabulary\"", "\"labels\"", "\"columns\"", "\"hidden\"", "\"layers\"", "\"input\"", "\"output\"",
        "\"dtype\"", "\"shape\"", "\"data_offsets\"", "F64", "F32", "optim.", "carry.", "torch.", "_l0"})
    void loadsOrNamesTheProblem(byte[] bytes) throws IOException {
        Files.write(CHECKPOINT, bytes);
        TrainCommandTest.Result r = TrainCommandTest.rnnc("predict", "--checkpoint", CHECKPOINT.toString(),
                INPUTS.toString());
        assertTrue(ANSWERS.contains(r.status()), () -> "status " + r.status() + ": " + r.err());
        List<String> said = r.err().lines().filter(l -> l.startsWith("rnnc: ")).toList();
        assertTrue(r.status() == Exit.OK || said.size() == 1
                        && (said.get(0).contains(CHECKPOINT.toString()) || said.get(0).contains(INPUTS.toString())),
                () -> "one sentence naming the file: " + r.err());
    }

    private static Path directory() {
        try {
            Path dir = Files.createTempDirectory("checkpoint-fuzz");
            dir.toFile().deleteOnExit();
            // Read by each task of the corpus's checkpoints: lines of their characters, a CSV of their columns.
            Files.writeString(dir.resolve("inputs.txt"), "a,b\n1,2\n");
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
