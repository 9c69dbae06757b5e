package io.rnnc.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** `rnnc` in a process of its own, started from the test class path, for signals, kills and JVM limits. */
final class RnncProcess {
    private RnncProcess() {
    }

    /**
     * Starts {@code rnnc ARGS} with the JVM options given, its stdout and stderr together.
     *
     * @param shell a shell command run first in the same process (`ulimit -f 64`), or null
     */
    static Process start(List<String> jvmOptions, String shell, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("--add-modules");
        command.add("jdk.incubator.vector");
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Main.class.getName());
        command.addAll(List.of(args));
        if (shell != null) {
            List<String> sh = new ArrayList<>(List.of("sh", "-c", shell + " && exec \"$@\"", "rnnc"));
            sh.addAll(command);
            command = sh;
        }
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }
}
