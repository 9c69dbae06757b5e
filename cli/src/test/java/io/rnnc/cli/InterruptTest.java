package io.rnnc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rnnc.compiler.model.Checkpoint;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C (SIGINT) on `rnnc train` saves the last finished step before
 * the program exits, and the run resumes from it.
 */
class InterruptTest {
    @Test
    void aStoppedRunSavesItsLastStepAndResumes(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("text.txt");
        Files.writeString(data, "the cat sat on the mat. ".repeat(50));
        Path ckpt = dir.resolve("run.safetensors");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(List.of(java.toString(), "--add-modules", "jdk.incubator.vector",
                "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "train", "--cell", "stdlib:gru", "--data", data.toString(), "--hidden", "8",
                "--steps", "8", "--batch", "4", "--max-steps", "1000000", "--every", "3", "--checkpoint", ckpt.toString()))
                .redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream()));
            String first = out.readLine();
            // As `rnnc` runs: the JVM first says that the Vector API module is incubating.
            while (first != null && first.startsWith("WARNING: Using incubator modules")) {
                first = out.readLine();
            }
            assertTrue(first != null && first.startsWith("training gru"), "the run started: " + first);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.exists(ckpt) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertTrue(Files.exists(ckpt), "a periodic checkpoint appeared");
            new ProcessBuilder("sh", "-c", "kill -INT " + p.pid()).start().waitFor();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                Process dump = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                        Long.toString(p.pid()), "Thread.print").redirectErrorStream(true).start();
                String threads = new String(dump.getInputStream().readAllBytes());
                p.destroyForcibly();
                throw new AssertionError("the run did not stop within 60 s of SIGINT; it printed:\n"
                        + new String(p.getInputStream().readAllBytes()) + "\nits threads:\n" + threads);
            }
            String rest = new String(p.getInputStream().readAllBytes());
            assertEquals(130, p.exitValue(), rest);
            assertTrue(rest.contains("interrupted: saved step"), rest);
        } finally {
            p.destroyForcibly();
        }
        long saved = Checkpoint.load(ckpt).step();
        assertTrue(saved >= 3, "saved at step " + saved);
        TrainCommandTest.Result resumed = TrainCommandTest.rnnc("train", "--resume", "--data", data.toString(),
                "--checkpoint", ckpt.toString(), "--max-steps", Long.toString(saved + 2), "--sample", "0");
        assertEquals(0, resumed.status(), resumed.err());
        assertTrue(resumed.out().contains("resumed " + ckpt + " at step " + saved), resumed.out());
        assertTrue(resumed.out().contains("the run's length: " + (saved + 2) + " steps instead of the saved 1000000"),
                "the stopped run remembered its length: " + resumed.out());
        assertEquals(saved + 2, Checkpoint.load(ckpt).step());
    }
}
