package io.rnnc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example Maven project (samples/maven-project) builds against the installed artifacts,
 * depending on {@code io.rnnc:rnnc} alone, and runs: it reads a cell, trains, saves, loads and
 * predicts the same. rnnc is installed, as {@code mvn install} does, into a repository of the
 * test's own; third-party artifacts are read from the build's repository, which nothing writes to.
 */
class MavenSampleTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    /** What the library's build needs: the modules it is made of, and the poms of the others the parent lists. */
    private static final List<String> LIBRARY = List.of("grammar", "runtime", "compiler", "stdlib", "library");
    private static final List<String> OTHERS = List.of("report", "cli", "bench");

    @Test
    void theSampleProjectBuildsOnTheInstalledArtifactsAndRuns(@TempDir Path dir) throws Exception {
        Path settings = settings(dir);
        Path repository = dir.resolve("repository");
        Path tree = copyOfTheLibrary(dir.resolve("rnnc"));
        run(tree, settings, repository, "install", "-pl", "library", "-am", "-Dmaven.test.skip=true",
                "-Dmaven.javadoc.skip=true");
        Path installed = repository.resolve("io/rnnc/rnnc-stdlib/0.1.0-SNAPSHOT");
        assertTrue(Files.exists(installed.resolve("rnnc-stdlib-0.1.0-SNAPSHOT.jar")), "installed: " + installed);
        assertTrue(Files.exists(installed.resolve("rnnc-stdlib-0.1.0-SNAPSHOT-sources.jar")), "with its sources");

        Path project = copy(ROOT.resolve("samples/maven-project"), dir.resolve("project"));
        String output = run(project, settings, repository, "compile", "exec:exec", "-Dsteps=150");
        assertTrue(output.contains("the loaded model predicts the same: true"), output);
        Matcher accuracy = Pattern.compile("accuracy (\\d\\.\\d+)").matcher(output);
        assertTrue(accuracy.find(), output);
        assertTrue(Double.parseDouble(accuracy.group(1)) > 0.8, output);
    }

    /** Settings that read third-party artifacts from the build's own repository first, and from Central after. */
    private static Path settings(Path dir) throws IOException {
        String outer = Path.of(System.getProperty("rnnc.test.repository")).toUri().toString();
        String repository = "<id>build</id><url>" + outer + "</url><snapshots><enabled>false</enabled></snapshots>";
        return Files.writeString(dir.resolve("settings.xml"), "<settings><profiles><profile><id>build</id>"
                + "<repositories><repository>" + repository + "</repository></repositories>"
                + "<pluginRepositories><pluginRepository>" + repository + "</pluginRepository></pluginRepositories>"
                + "</profile></profiles><activeProfiles><activeProfile>build</activeProfile></activeProfiles></settings>");
    }

    /** The library's sources and poms, copied so that the build here does not touch the tree under test. */
    private static Path copyOfTheLibrary(Path to) throws IOException {
        Files.createDirectories(to);
        Files.copy(ROOT.resolve("pom.xml"), to.resolve("pom.xml"));
        for (String module : OTHERS) {
            Files.createDirectories(to.resolve(module));
            Files.copy(ROOT.resolve(module).resolve("pom.xml"), to.resolve(module).resolve("pom.xml"));
        }
        for (String module : LIBRARY) {
            Files.createDirectories(to.resolve(module));
            Files.copy(ROOT.resolve(module).resolve("pom.xml"), to.resolve(module).resolve("pom.xml"));
            Path main = ROOT.resolve(module).resolve("src/main");
            if (Files.exists(main)) {
                copy(main, to.resolve(module).resolve("src/main"));
            }
        }
        return to;
    }

    private static Path copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : (Iterable<Path>) files.filter(f -> !f.startsWith(from.resolve("target")))::iterator) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        }
        return to;
    }

    private static String run(Path dir, Path settings, Path repository, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("mvn", "-B", "-ntp", "-q", "-s", settings.toString(),
                "-Dmaven.repo.local=" + repository));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), output);
        assertEquals(0, p.exitValue(), String.join(" ", command) + "\n" + output);
        return output;
    }
}
