package io.rnnc.cli;

import static io.rnnc.cli.TrainCommandTest.rnnc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.rnnc.runtime.train.MetricsLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `rnnc compare`: cells trained alike over seeds; the table, the plots, the results as data and
 * the report all come from the same runs.
 */
class CompareCommandTest {
    @Test
    void twoCellsOverTwoSeedsGiveATablePlotsAndAReport(@TempDir Path dir) throws Exception {
        Path data = Files.writeString(dir.resolve("adding.tsv"), SequenceTasksTest.adding(200, 6, 4));
        Path out = dir.resolve("cmp");
        Path report = dir.resolve("report");
        TrainCommandTest.Result r = rnnc("compare", "--cells", "stdlib:gru", "../samples/cells/mgu.rnn", "--task", "value",
                "--data", data.toString(), "--seeds", "2", "--hidden", "6", "--batch", "16", "--max-steps", "20",
                "--eval-every", "5", "--target-loss", "100", "-o", out.toString(), "--report", report.toString());
        assertEquals(0, r.status(), r.err());
        List<String> lines = r.out().lines().toList();
        int header = lines.indexOf(lines.stream().filter(l -> l.startsWith("cell ")).findFirst().orElseThrow());
        assertTrue(lines.get(header).matches("cell\\s+H\\s+parameters\\s+held-out loss\\s+mse\\s+ms/step\\s+steps to loss 100"),
                lines.get(header));
        assertTrue(lines.get(header + 1).matches("gru\\s+6\\s+187\\s+[0-9.]+ ± [0-9.]+\\s+[0-9.]+ ± [0-9.]+\\s+[0-9.]+\\s+5 ± 0 \\(2/2\\)"),
                lines.get(header + 1));
        assertTrue(lines.get(header + 2).startsWith("mgu "), lines.get(header + 2));
        assertTrue(lines.get(header + 3).matches("\\(always the training mean\\)\\s+0\\.1[0-9]+"), lines.get(header + 3));

        JsonObject results = JsonParser.parseString(Files.readString(out.resolve("results.json"))).getAsJsonObject();
        assertEquals("mse", results.get("metric").getAsString());
        JsonArray cells = results.getAsJsonArray("data").get(0).getAsJsonObject().getAsJsonArray("cells");
        assertEquals(2, cells.size());
        JsonObject gru = cells.get(0).getAsJsonObject();
        assertEquals("stdlib:gru", gru.get("cell").getAsString());
        assertEquals(2, gru.getAsJsonArray("runs").size());
        double first = gru.getAsJsonArray("runs").get(0).getAsJsonObject().getAsJsonObject("metrics").get("mse").getAsDouble();
        double second = gru.getAsJsonArray("runs").get(1).getAsJsonObject().getAsJsonObject("metrics").get("mse").getAsDouble();
        assertEquals((first + second) / 2, gru.getAsJsonObject("metric").get("mean").getAsDouble(), 1e-12,
                "the table's mean is the runs' mean");
        assertTrue(first != second, "two seeds, two runs");
        Path log = Path.of(gru.getAsJsonArray("runs").get(1).getAsJsonObject().get("metricsFile").getAsString());
        assertEquals(out.resolve("adding/gru/seed2.metrics.jsonl"), log);
        assertEquals(20, MetricsLog.read(log).get(MetricsLog.read(log).size() - 1).step());
        assertTrue(Files.readString(out.resolve("table.md")).contains("| gru | 6 | 187 |"));
        for (String chart : List.of("eval_loss", "train_loss")) {
            assertTrue(Files.size(out.resolve("adding/" + chart + ".png")) > 0, chart);
            assertTrue(Files.readString(out.resolve("adding/" + chart + ".svg")).contains("<svg"), chart);
        }

        Path page = report.resolve("report.html");
        String html = Files.readString(page);
        assertTrue(html.contains("<td>gru</td><td>6</td><td>187</td>"), "the comparison table is on the page");
        assertTrue(html.contains("fused loop over B rows"), "the cells' plans are on the page");
        Chromium.require();
        Chromium.Rendering seen = Chromium.render(page, dir);
        assertEquals(List.of(), seen.problems());
        assertEquals(2, seen.images(), "the held-out and training loss curves");
        assertTrue(seen.math() > 20, "both cells' forward and backward equations and names: " + seen.math());
    }

    @Test
    void matchParamsGivesEachCellTheSizeOfTheNumberAsked(@TempDir Path dir) throws Exception {
        Path data = Files.writeString(dir.resolve("adding.tsv"), SequenceTasksTest.adding(40, 4, 5));
        TrainCommandTest.Result r = rnnc("compare", "--cells", "stdlib:lstm", "stdlib:rnn_tanh", "--task", "value",
                "--data", data.toString(), "--seeds", "1", "--match-params", "1000", "--max-steps", "1", "-o",
                dir.resolve("cmp").toString());
        assertEquals(0, r.status(), r.err());
        // LSTM: 4H(H + 2) + 8H + H + 1 = 4H² + 17H + 1 is 1,000 near H = 13.8; rnn_tanh: H² + 5H + 1 near H = 29.2.
        assertTrue(r.out().lines().anyMatch(l -> l.matches("lstm\\s+14\\s+1,023\\s.*")), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("rnn_tanh\\s+29\\s+987\\s.*")), r.out());
    }

    @Test
    void mistakesAreUsageErrors(@TempDir Path dir) throws Exception {
        Path data = Files.writeString(dir.resolve("adding.tsv"), SequenceTasksTest.adding(40, 4, 5));
        TrainCommandTest.Result twice = rnnc("compare", "--cells", "stdlib:gru", "stdlib:gru", "--task", "value",
                "--data", data.toString());
        assertEquals(Exit.USAGE, twice.status());
        assertTrue(twice.err().contains("a cell is named twice: stdlib:gru stdlib:gru"), twice.err());
        TrainCommandTest.Result seeds = rnnc("compare", "--cells", "stdlib:gru", "--task", "value", "--data",
                data.toString(), "--seeds", "0");
        assertEquals(Exit.USAGE, seeds.status());
        assertTrue(seeds.err().contains("--seeds must be at least 1"), seeds.err());
        TrainCommandTest.Result missing = rnnc("compare", "--cells", "nowhere.rnn", "--task", "value", "--data",
                data.toString());
        assertEquals(Exit.BAD_INPUT, missing.status());
    }
}
