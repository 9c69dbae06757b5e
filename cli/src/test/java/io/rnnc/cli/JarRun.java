package io.rnnc.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** An exported model's jar run in a new JVM whose class path is the jar alone: its exit status and what it printed. */
record JarRun(int status, String out, String err) {
    /** Runs {@code java OPTIONS -jar JAR ARGS} in {@code dir}. */
    static JarRun of(Path jar, Path dir, List<String> jvmOptions, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(List.of(args));
        ProcessBuilder b = new ProcessBuilder(command).directory(dir.toFile()).redirectError(
                dir.resolve("jar.err").toFile());
        b.environment().remove("CLASSPATH");
        Process p = b.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the jar finishes");
        String err = Files.readString(dir.resolve("jar.err"));
        return new JarRun(p.exitValue(), out, err);
    }
}
