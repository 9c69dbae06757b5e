package io.rnnc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Java API example the README shows (samples/java/CharModel.java) compiles and runs as written. */
class JavaApiExampleTest {
    @Test
    void readmeExampleRuns(@TempDir Path dir) throws Exception {
        Path root = Path.of("..").toAbsolutePath().normalize();
        Path out = dir.resolve("charmodel.safetensors");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(List.of(java.toString(), "--add-modules", "jdk.incubator.vector",
                "-cp", System.getProperty("java.class.path"),
                "samples/java/CharModel.java", "10", out.toString()))
                .directory(root.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), output);
        assertEquals(0, p.exitValue(), output);
        // Before the program's output: the launcher's and the source compiler's warnings about the incubating module.
        int start = output.indexOf("And God said");
        assertTrue(start >= 0, output);
        String[] samples = output.substring(start).strip().split("\n(?=And God said)");
        assertEquals(2, samples.length, output);
        assertEquals(samples[0].strip(), samples[1].strip(), "the loaded model samples what the trained one did");
        assertTrue(Files.size(out) > 0);
    }
}
