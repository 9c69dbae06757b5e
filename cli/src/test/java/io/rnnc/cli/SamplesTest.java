package io.rnnc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every sample's one command (samples/NAME/run.sh), run as written at a tiny size, so that none
 * rots: its generator writes the data, rnnc trains or compares, and what the sample promises
 * (a table, plots, a report, generated text) is there. The scripts run rnnc from the classes
 * under test instead of the jar.
 */
class SamplesTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    private record Run(String output, Path out) {
    }

    /** Runs {@code samples/<name>/run.sh} with the sizes given, in a fresh directory; fails on a non-zero exit. */
    private Run run(String name, Map<String, String> sizes) throws IOException, InterruptedException {
        Path out = dir.resolve(name);
        ProcessBuilder p = new ProcessBuilder("bash", ROOT.resolve("samples").resolve(name).resolve("run.sh").toString())
                .directory(dir.toFile()).redirectErrorStream(true);
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        p.environment().put("RNNC", rnncFromTheseClasses(java).toString());
        p.environment().put("JAVA", java.toString());
        p.environment().put("OUT", out.toString());
        p.environment().putAll(sizes);
        Process process = p.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(300, TimeUnit.SECONDS), output);
        assertEquals(0, process.exitValue(), output);
        return new Run(output, out);
    }

    private Path rnncFromTheseClasses(Path java) throws IOException {
        Path script = dir.resolve("rnnc");
        if (!Files.exists(script)) {
            Files.writeString(script, "#!/bin/sh\nexec '" + java + "' --add-modules jdk.incubator.vector -cp '"
                    + System.getProperty("java.class.path") + "' io.rnnc.cli.Main \"$@\"\n");
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        return script;
    }

    private static void exists(Path... files) {
        for (Path f : files) {
            assertTrue(Files.isRegularFile(f), f + " was not written");
        }
    }

    @Test
    void vanishingGradients() throws Exception {
        Run r = run("vanishing-gradients", Map.of("LENGTHS", "4 6", "LINES", "60", "STEPS", "3", "SEEDS", "1",
                "HIDDEN", "4"));
        String table = Files.readString(r.out().resolve("table.md"));
        for (String cell : List.of("rnn_tanh", "rnn_relu", "irnn", "gru", "lstm", "input_gated_gru")) {
            assertTrue(table.contains("| " + cell + " |"), table);
        }
        assertTrue(table.contains("| adding4 | adding6 |"), "the table of MSE per cell and length: " + table);
        assertTrue(table.contains("| (always the training mean) | 0."), "the baseline beside the cells: " + table);
        JsonObject results = JsonParser.parseString(Files.readString(r.out().resolve("results.json"))).getAsJsonObject();
        assertEquals(2, results.getAsJsonArray("data").size());
        exists(r.out().resolve("adding4/eval_loss.png"), r.out().resolve("mse_by_data.svg"),
                r.out().resolve("report/report.html"));
    }

    @Test
    void orderMatters() throws Exception {
        Run r = run("order-matters", Map.of("LINES", "60", "STEPS", "3", "SEEDS", "1"));
        String table = Files.readString(r.out().resolve("table.md"));
        assertTrue(table.contains("| bag_of_words |") && table.contains("| gru |") && table.contains("| lstm |"), table);
        assertTrue(table.contains("accuracy"), table);
        exists(r.out().resolve("reviews/eval_loss.svg"), r.out().resolve("report/report.html"));
    }

    @Test
    void music() throws Exception {
        Run r = run("music", Map.of("TUNES", "12", "STEPS", "3", "HIDDEN", "8", "NEW_TUNES", "1"));
        assertEquals(1, r.output().split("--- a new tune", -1).length - 1, r.output());
        assertTrue(Files.readString(r.out().resolve("tunes.abc")).startsWith("X:1\nT:The "));
        exists(r.out().resolve("tunes.metrics.jsonl"), r.out().resolve("tunes.loss.png"),
                r.out().resolve("report/report.html"));
    }

    @Test
    void trajectories() throws Exception {
        Run r = run("trajectories", Map.of("SECONDS_DRIVEN", "160", "EPOCHS", "1"));
        assertTrue(r.output().contains("over") && r.output().contains("persistence forecast"), r.output());
        exists(r.out().resolve("drive.forecast-x.png"), r.out().resolve("drive.forecast-y.svg"),
                r.out().resolve("drive.path.png"), r.out().resolve("report/report.html"));
    }

    @Test
    void translation() throws Exception {
        Run r = run("translation", Map.of("LINES", "60", "STEPS", "3", "HIDDEN", "8"));
        assertTrue(r.output().contains("targets decoded exactly"), r.output());
        assertTrue(r.output().contains("source\tdecoded\nthe first of may twenty twenty five\t"), r.output());
    }

    @Test
    void tagging() throws Exception {
        Run r = run("tagging", Map.of("LINES", "60", "STEPS", "3"));
        assertEquals(2, r.output().split("; per tag:", -1).length - 1, r.output());
        assertTrue(r.output().contains("tokens\ttags\ngeorgia said that hooli opened a shop in austin\t"), r.output());
        exists(r.out().resolve("bidirectional.metrics.jsonl"), r.out().resolve("report/report.html"));
    }

    @Test
    void electricalLoad() throws Exception {
        Run r = run("electrical-load", Map.of("HOURS", "160", "EPOCHS", "1"));
        assertTrue(r.output().contains("persistence forecast"), r.output());
        exists(r.out().resolve("load.forecast.png"), r.out().resolve("report/report.html"));
    }

    /** The samples' README gives every sample's command. */
    @Test
    void everySampleIsInTheReadme() throws IOException {
        String readme = Files.readString(ROOT.resolve("samples/README.md"));
        try (Stream<Path> samples = Files.list(ROOT.resolve("samples"))) {
            samples.filter(s -> Files.exists(s.resolve("run.sh"))).forEach(s -> assertTrue(
                    readme.contains("samples/" + s.getFileName() + "/run.sh"), s + " is not in samples/README.md"));
        }
    }
}
