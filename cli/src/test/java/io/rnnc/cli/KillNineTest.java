package io.rnnc.cli;

import static io.rnnc.cli.TrainCommandTest.rnnc;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rnnc.compiler.model.Checkpoint;
import io.rnnc.runtime.io.Safetensors;
import io.rnnc.runtime.tensor.Tensor;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 at random moments of a run that saves after every step: after each kill the
 * checkpoint on disk loads, and the run resumes from it; after all of them, the run ends with
 * exactly the parameters of a run that was never killed.
 */
class KillNineTest {
    private static final int KILLS = 20;
    private static final long STEPS = 60;
    /** The JVM's quickest start: 20 processes are started. */
    private static final List<String> FAST_START = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

    @Test
    void everyKillLeavesACheckpointThatResumesExactly(@TempDir Path dir) throws Exception {
        Path data = Files.writeString(dir.resolve("text.txt"), "the cat sat on the mat. the dog ran. ".repeat(200));
        Path killed = dir.resolve("killed.safetensors");
        String[] options = {"--cell", "stdlib:gru", "--data", data.toString(), "--hidden", "64", "--steps", "8",
            "--batch", "4", "--max-steps", Long.toString(STEPS), "--sample", "0"};
        Random moments = new Random(20);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
        long step = 0;
        int midWrite = 0;
        List<Long> steps = new ArrayList<>();
        for (int kill = 0; kill < KILLS; kill++) {
            assertTrue(System.nanoTime() < deadline, "the kills took too long: " + steps);
            List<String> args = new ArrayList<>(List.of("train", "--checkpoint", killed.toString(), "--every", "1"));
            args.addAll(Arrays.asList(options));
            if (kill > 0) {
                args.add("--resume");
            }
            FileTime before = Files.exists(killed) ? Files.getLastModifiedTime(killed) : null;
            Process p = RnncProcess.start(FAST_START, null, args.toArray(String[]::new));
            try {
                BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream()));
                String line;
                while ((line = out.readLine()) != null && !line.startsWith("training gru")) {
                    assertTrue(!line.startsWith("rnnc: ") || line.startsWith("rnnc: removed"), line);
                }
                // Once it saves a step of its own: every other kill while a checkpoint is being written,
                // the others at a random moment of the steps and saves that follow.
                while (p.isAlive() && (!Files.exists(killed) || Files.getLastModifiedTime(killed).equals(before))) {
                    Thread.sleep(2);
                }
                if (kill % 2 == 0) {
                    while (p.isAlive() && partial(dir).isEmpty()) {
                        Thread.onSpinWait();
                    }
                } else {
                    Thread.sleep(moments.nextInt(60));
                }
            } finally {
                p.destroyForcibly();
                p.waitFor(60, TimeUnit.SECONDS);
            }
            assertEquals(137, p.exitValue(), "killed by SIGKILL");
            midWrite += partial(dir).isEmpty() ? 0 : 1;
            long saved = Checkpoint.load(killed).step();
            assertTrue(saved >= step, "the checkpoint went back from step " + step + " to " + saved);
            step = saved;
            steps.add(saved);
        }
        TrainCommandTest.Result finish = rnnc(concat(new String[] {"train", "--checkpoint", killed.toString(), "--resume"},
                options));
        assertEquals(0, finish.status(), finish.err());
        // --every changes nothing in the parameters: the run that was never killed saves only at its end.
        Path straight = dir.resolve("straight.safetensors");
        assertEquals(0, rnnc(concat(new String[] {"train", "--checkpoint", straight.toString()}, options)).status());
        Map<String, Tensor> a = Safetensors.read(straight).tensors();
        Map<String, Tensor> b = Safetensors.read(killed).tensors();
        assertEquals(a.keySet(), b.keySet());
        a.forEach((k, t) -> assertArrayEquals(t.data(), b.get(k).data(), k));
        System.out.printf("kill -9: %d kills at steps %s, %d of them during a checkpoint write%n", KILLS, steps, midWrite);
        assertTrue(midWrite >= KILLS / 4, "kills landed in checkpoint writes: " + midWrite);
    }

    /** The temporary files of checkpoints being written (or left by a kill). */
    private static List<Path> partial(Path dir) throws java.io.IOException {
        try (var files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".tmp")).toList();
        }
    }

    private static String[] concat(String[] head, String[] tail) {
        String[] all = Arrays.copyOf(head, head.length + tail.length);
        System.arraycopy(tail, 0, all, head.length, tail.length);
        return all;
    }
}
