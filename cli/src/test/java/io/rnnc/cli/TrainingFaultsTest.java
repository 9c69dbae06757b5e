package io.rnnc.cli;

import static io.rnnc.cli.TrainCommandTest.rnnc;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rnnc.compiler.model.Checkpoint;
import io.rnnc.compiler.model.RunConfig;
import io.rnnc.runtime.io.Safetensors;
import io.rnnc.runtime.kernels.WorkerPool;
import io.rnnc.runtime.tensor.Tensor;
import io.rnnc.runtime.tensor.Tensors;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What goes wrong while training never costs the work saved: a NaN stops the run with the step,
 * the parameter and the checkpoint named (or is skipped, as asked); SIGTERM saves and the run
 * resumes exactly; a second run on one checkpoint is refused; a write that fails leaves the
 * checkpoint before it byte for byte, and no partial file.
 */
class TrainingFaultsTest {
    private static final String TEXT = "the cat sat on the mat. the dog ran to the cat. ".repeat(40);

    private static String[] train(Path data, Path ckpt, String... more) {
        String[] base = {"train", "--cell", "stdlib:gru", "--data", data.toString(), "--hidden", "8", "--steps", "8",
            "--batch", "4", "--checkpoint", ckpt.toString(), "--sample", "0"};
        String[] all = Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    private static void assertAllFinite(Path checkpoint) throws Exception {
        for (Map.Entry<String, Tensor> e : Safetensors.read(checkpoint).tensors().entrySet()) {
            assertEquals(-1, Tensors.firstNonFinite(e.getValue().data()), e.getKey());
        }
    }

    private static List<Path> leftovers(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList();
        }
    }

    @Test
    void aNaNStopsTheRunNamingStepParameterAndCheckpoint(@TempDir Path dir) throws Exception {
        Path data = Files.writeString(dir.resolve("text.txt"), TEXT);
        Path ckpt = dir.resolve("m.safetensors");
        // Plain SGD at an absurd rate without clipping: step 1 is finite, and its update sends the loss to NaN.
        String[] diverging = train(data, ckpt, "--optimizer", "sgd", "--lr", "1e200", "--clip-norm", "0",
                "--max-steps", "5");
        TrainCommandTest.Result r = rnnc(diverging);
        assertEquals(Exit.BAD_INPUT, r.status(), r.err());
        assertTrue(r.err().contains("rnnc: step 2: the loss is NaN (the first parameter whose gradient is not finite "
                + "is `W_ir_l0`); training stopped, and step 1, the last good one, is saved in " + ckpt
                + "; lower --lr or --clip-norm, or give --skip-nonfinite to skip such batches"), r.err());
        assertEquals(1, Checkpoint.load(ckpt).step());
        assertAllFinite(ckpt);

        Path skipping = dir.resolve("skip.safetensors");
        r = rnnc(train(data, skipping, "--optimizer", "sgd", "--lr", "1e200", "--clip-norm", "0", "--max-steps", "5",
                "--skip-nonfinite"));
        assertEquals(0, r.status(), r.err());
        assertTrue(r.err().contains("rnnc: skipped 4 batches whose loss or gradients were not finite (steps 2, 3, 4, 5)"),
                r.err());
        assertEquals(5, Checkpoint.load(skipping).step());
        assertAllFinite(skipping);

        // The stopped run continues with --skip-nonfinite, which --resume takes as it is.
        r = rnnc("train", "--resume", "--data", data.toString(), "--checkpoint", ckpt.toString(), "--sample", "0",
                "--skip-nonfinite");
        assertEquals(0, r.status(), r.err());
        assertEquals(5, Checkpoint.load(ckpt).step());
    }

    @Test
    void aSecondRunOnTheSameCheckpointIsRefused(@TempDir Path dir) throws Exception {
        Path data = Files.writeString(dir.resolve("text.txt"), TEXT);
        Path ckpt = dir.resolve("m.safetensors");
        assertEquals(0, rnnc(train(data, ckpt, "--max-steps", "2")).status());
        byte[] before = Files.readAllBytes(ckpt);
        try (CheckpointLock held = CheckpointLock.acquire(ckpt, new PrintWriter(new StringWriter()))) {
            TrainCommandTest.Result r = rnnc(train(data, ckpt, "--max-steps", "4"));
            assertEquals(Exit.UNAVAILABLE, r.status(), r.err());
            assertEquals("rnnc: " + ckpt + ": another rnnc train (process " + ProcessHandle.current().pid()
                    + ") is writing this checkpoint; wait for it to end, or give this run another --checkpoint",
                    r.err().strip());
            assertArrayEquals(before, Files.readAllBytes(ckpt));
        }
        assertEquals(0, rnnc(train(data, ckpt, "--max-steps", "4")).status(), "free again once released");
        assertFalse(Files.exists(dir.resolve(".m.safetensors.lock")), "the lock file goes with the run");
    }

    @Test
    void aFailedWriteLeavesTheCheckpointBeforeIt(@TempDir Path dir) throws Exception {
        Path data = Files.writeString(dir.resolve("text.txt"), TEXT);
        Path ckpt = dir.resolve("m.safetensors");
        assertEquals(0, rnnc(train(data, ckpt, "--max-steps", "2")).status());
        byte[] before = Files.readAllBytes(ckpt);
        Checkpoint saved = Checkpoint.load(ckpt);
        RunConfig run = saved.run();
        // A disk that fills up halfway through the write.
        Checkpoints.Saver full = new Checkpoints.Saver(ckpt, saved.cellSource(), saved.cellName(), run,
                saved.encoders(), saved.step(), (c, f) -> {
                    Path partial = f.resolveSibling("." + f.getFileName() + ".0.tmp");
                    Files.write(partial, new byte[100]);
                    Files.delete(partial);
                    throw new IOException("No space left on device");
                });
        var trainer = new io.rnnc.runtime.train.Trainer(Checkpoints.model(saved, saved.spec(),
                new PrintWriter(new StringWriter()), new WorkerPool(1)), io.rnnc.runtime.optim.Optimizers.named("adam", 0, 0),
                io.rnnc.runtime.optim.LearningRates.constant(0.01), run.training().trainerSettings());
        trainer.resumeAt(saved.step());
        UserError e = org.junit.jupiter.api.Assertions.assertThrows(UserError.class,
                () -> full.save(trainer, new io.rnnc.runtime.train.StreamWindows(new io.rnnc.runtime.data.TokenStreams(
                        new int[] {1, 2, 3, 4}, 1, 5, "t"), 1, 1)));
        assertEquals(Exit.UNAVAILABLE, e.status());
        assertEquals("cannot write the checkpoint " + ckpt + " (No space left on device); the one saved before, of "
                + "step 2, is intact: make room, then continue from it with --resume", e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(ckpt));

        // The same through the operating system: a file size limit that the checkpoint passes.
        Process p = RnncProcess.start(List.of(), "ulimit -f " + (before.length / 1024 / 2), train(data, ckpt, "--resume",
                "--max-steps", "3"));
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(Exit.UNAVAILABLE, p.exitValue(), out);
        assertTrue(out.contains("rnnc: cannot write the checkpoint " + ckpt + " (File too large); the one saved "
                + "before, of step 2, is intact"), out);
        assertArrayEquals(before, Files.readAllBytes(ckpt));
        assertEquals(List.of(), leftovers(dir));
    }

    @Test
    void sigtermSavesAndTheRunResumesExactly(@TempDir Path dir) throws Exception {
        Path data = Files.writeString(dir.resolve("text.txt"), TEXT);
        Path straight = dir.resolve("straight.safetensors");
        Path stopped = dir.resolve("stopped.safetensors");
        long total = 200;
        assertEquals(0, rnnc(train(data, straight, "--max-steps", Long.toString(total))).status());
        Process p = RnncProcess.start(List.of(), null, train(data, stopped, "--max-steps", Long.toString(total),
                "--every", "2"));
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.exists(stopped) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            new ProcessBuilder("kill", "-TERM", Long.toString(p.pid())).start().waitFor();
            String out = new String(p.getInputStream().readAllBytes());
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            if (p.exitValue() == 0) {
                return; // It had finished already: nothing to interrupt on this machine.
            }
            assertEquals(Exit.INTERRUPTED, p.exitValue(), out);
            assertTrue(out.contains("interrupted: saved step"), out);
        } finally {
            p.destroyForcibly();
        }
        TrainCommandTest.Result r = rnnc("train", "--resume", "--data", data.toString(), "--checkpoint",
                stopped.toString(), "--sample", "0");
        assertEquals(0, r.status(), r.err());
        Map<String, Tensor> a = Safetensors.read(straight).tensors();
        Map<String, Tensor> b = Safetensors.read(stopped).tensors();
        assertEquals(a.keySet(), b.keySet());
        a.forEach((k, t) -> assertArrayEquals(t.data(), b.get(k).data(), k));
        assertFalse(leftovers(dir).iterator().hasNext());
    }
}
