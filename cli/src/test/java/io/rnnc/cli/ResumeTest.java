package io.rnnc.cli;

import static io.rnnc.cli.TrainCommandTest.rnnc;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rnnc.compiler.model.Checkpoint;
import io.rnnc.runtime.io.Safetensors;
import io.rnnc.runtime.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * `rnnc train --resume` continues the saved run to the end it was given, applies and announces
 * a new learning rate or length, and refuses in a sentence what would make it another run.
 */
class ResumeTest {
    private static final String TEXT = "the cat sat on the mat. the dog ran to the cat. ".repeat(40);

    private static String[] train(Path data, Path ckpt, String... more) {
        String[] base = {"train", "--cell", "stdlib:gru", "--data", data.toString(), "--hidden", "16", "--steps", "10",
            "--batch", "4", "--dropout", "0.1", "--checkpoint", ckpt.toString(), "--sample", "0"};
        String[] all = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    private static String[] resume(Path data, Path ckpt, String... more) {
        String[] base = {"train", "--resume", "--data", data.toString(), "--checkpoint", ckpt.toString(), "--sample", "0"};
        String[] all = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    /**
     * A run of 12 steps stopped at step 6 (made by marking a 6-step run's checkpoint as a
     * 12-step run's, as Ctrl-C leaves it) resumes to step 12 with no length given, and ends with
     * the parameters of the run that was never stopped, each part on another number of threads.
     */
    @Test
    void aStoppedRunResumesToItsOwnEnd(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("text.txt");
        Files.writeString(data, TEXT);
        Path straight = dir.resolve("straight.safetensors");
        Path stopped = dir.resolve("stopped.safetensors");
        assertEquals(0, rnnc(train(data, straight, "--max-steps", "12", "--threads", "1")).status());
        assertEquals(0, rnnc(train(data, stopped, "--max-steps", "6", "--threads", "3")).status());
        Checkpoint c = Checkpoint.load(stopped);
        new Checkpoint(c.cellSource(), c.cellName(), c.run().withTraining(c.run().training().withTotalSteps(12)),
                c.step(), c.parameters(), c.optimizerState(), c.carried(), c.encoders()).save(stopped);

        TrainCommandTest.Result r = rnnc(resume(data, stopped, "--threads", "2"));
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("resumed " + stopped + " at step 6 of 12"), r.out());
        assertTrue(r.out().contains("finished: step 12"), r.out());
        Map<String, Tensor> a = Safetensors.read(straight).tensors();
        Map<String, Tensor> b = Safetensors.read(stopped).tensors();
        assertEquals(a.keySet(), b.keySet());
        a.forEach((k, t) -> assertArrayEquals(t.data(), b.get(k).data(), k));

        TrainCommandTest.Result again = rnnc(resume(data, stopped));
        assertEquals(0, again.status(), again.err());
        assertTrue(again.out().contains("already reached its end (step 12 of 12): nothing to train"), again.out());
        assertEquals(12, Checkpoint.load(stopped).step());
    }

    @Test
    void aNewLearningRateOrLengthIsAppliedAndAnnounced(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("text.txt");
        Files.writeString(data, TEXT);
        Path ckpt = dir.resolve("m.safetensors");
        assertEquals(0, rnnc(train(data, ckpt, "--max-steps", "3", "--lr", "0.01")).status());
        TrainCommandTest.Result r = rnnc(resume(data, ckpt, "--lr", "0.001", "--max-steps", "5", "--hidden", "16"));
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("learning rate: 0.001 instead of the saved run's 0.01"), r.out());
        assertTrue(r.out().contains("the run's length: 5 steps instead of the saved 3"), r.out());
        Checkpoint saved = Checkpoint.load(ckpt);
        assertEquals(5, saved.step());
        assertEquals(0.001, saved.run().training().lr());
        assertEquals(5, saved.run().training().totalSteps());
    }

    @Test
    void changesThatMakeAnotherRunAreRefused(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("text.txt");
        Files.writeString(data, TEXT);
        Path ckpt = dir.resolve("m.safetensors");
        assertEquals(0, rnnc(train(data, ckpt, "--max-steps", "2")).status());
        byte[] before = Files.readAllBytes(ckpt);
        TrainCommandTest.Result r = rnnc(resume(data, ckpt, "--hidden", "32", "--optimizer", "sgd", "--batch", "8",
                "--dropout", "0.1"));
        assertEquals(Exit.USAGE, r.status(), r.out() + r.err());
        assertTrue(r.err().contains("--resume continues the saved run and cannot change --hidden 32 (the saved run "
                + "has 16), --batch 8 (the saved run has 4), --optimizer sgd (the saved run has adam)"), r.err());
        TrainCommandTest.Result cell = rnnc(resume(data, ckpt, "--cell", "stdlib:lstm"));
        assertEquals(Exit.USAGE, cell.status(), cell.out() + cell.err());
        assertTrue(cell.err().contains("--cell stdlib:lstm is not the cell of the saved run (gru, from stdlib:gru)"),
                cell.err());
        assertArrayEquals(before, Files.readAllBytes(ckpt), "a refused resume leaves the checkpoint alone");
        assertEquals(0, rnnc(resume(data, ckpt, "--cell", "stdlib:gru", "--max-steps", "3")).status());
    }

    /** Every option of `train` has its rule on resume, so that a new option cannot be dropped silently. */
    @Test
    void everyTrainOptionHasAResumeRule() {
        CommandLine train = new CommandLine(new Main()).getSubcommands().get("train");
        Set<String> ruled = new HashSet<>(Resumption.APPLIED);
        ruled.addAll(Resumption.FREE);
        ruled.addAll(Resumption.SAME.keySet());
        ruled.addAll(Set.of("--init-from", "--help", "--version"));
        for (CommandLine.Model.OptionSpec option : train.getCommandSpec().options()) {
            assertTrue(ruled.contains(option.longestName()), option.longestName() + " has no rule for --resume");
        }
    }
}
