package io.rnnc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rnnc.compiler.Frontend;
import io.rnnc.compiler.source.Source;
import io.rnnc.report.ForecastChart;
import io.rnnc.report.HtmlReport;
import io.rnnc.report.LineChart;
import io.rnnc.report.SeedSpread;
import io.rnnc.report.Series;
import io.rnnc.stdlib.Stdlib;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reports as a reader sees them: opened from disk in headless Chromium with the network off,
 * every formula typeset by the MathJax the page carries, no LaTeX left as text, every chart shown.
 */
class ReportInBrowserTest {
    /** Cells in every notation the language accepts: the stdlib, the samples, the notes' own. */
    private static final List<Path> CELL_FILES = Stream.of("samples/cells", "compiler/src/test/resources/seeds")
            .flatMap(dir -> list(Path.of("..").resolve(dir))).toList();

    @TempDir
    Path dir;

    @BeforeEach
    void requireChromium() {
        Chromium.require();
    }

    @Test
    void theReportOfACellTypesetsItsEquations() throws Exception {
        Path page = dir.resolve("lstm.html");
        TrainCommandTest.Result r = TrainCommandTest.rnnc("show", "--html", "stdlib:lstm", "-o", page.toString());
        assertEquals(0, r.status(), r.err());
        assertEquals("report: " + page + "\n", r.out());
        Chromium.Rendering seen = Chromium.render(page, dir);
        assertEquals(List.of(), seen.problems());
        // The forward and backward blocks, and the name of each of the LSTM's 7 values and 16 parameters.
        assertEquals(2 + 1 + 6 + 16, seen.math());
        String html = Files.readString(page);
        assertTrue(html.contains("fused loop over B rows"), "the compiled plan is on the page");
        assertTrue(html.contains("h_t = o_t ⊙ tanh(c_t)"), "the source is on the page as written");
    }

    @Test
    void everyNotationTypesets() throws Exception {
        HtmlReport report = new HtmlReport("every cell");
        for (String name : Stdlib.names()) {
            CellReport.add(report, Stdlib.cell(name));
        }
        for (Path file : CELL_FILES) {
            Frontend.Result checked = Frontend.check(Source.fromBytes(file.toString(), Files.readAllBytes(file)));
            assertTrue(checked.ok(), file.toString());
            checked.cells().forEach(cell -> CellReport.add(report, cell));
        }
        Path page = dir.resolve("all.html");
        report.write(page);
        Chromium.Rendering seen = Chromium.render(page, dir);
        assertEquals(List.of(), seen.problems());
        assertTrue(seen.math() > 2 * (Stdlib.names().size() + CELL_FILES.size()), "formulas: " + seen.math());
    }

    @Test
    void chartsAreShown() throws Exception {
        double[] steps = {0, 10, 20, 30, 40};
        List<Series> seeds = List.of(Series.of("1", steps, new double[] {3, 2, 1.5, 1.2, 1.1}),
                Series.of("2", steps, new double[] {3.2, 2.4, 1.7, 1.3, 1.0}));
        HtmlReport report = new HtmlReport("curves");
        report.section("Training")
                .chart(new LineChart("loss", "step", "train_loss").add(SeedSpread.of("lstm", seeds)), "loss over two seeds")
                .chart(ForecastChart.of("held-out part", "hour", "load", steps, new double[] {1, 2, 3, 2, 1},
                        new double[] {Double.NaN, 1.8, 2.9, 2.2, 1.1}), "forecast against truth");
        Path page = dir.resolve("charts.html");
        report.write(page);
        Chromium.Rendering seen = Chromium.render(page, dir);
        assertEquals(List.of(), seen.problems());
        assertEquals(2, seen.images());
    }

    /** `train --report`: the run's results, its loss and forecast plots, its settings and the cell. */
    @Test
    void theReportOfATrainingRunShowsItsPlotsAndEquations() throws Exception {
        Path report = dir.resolve("report");
        TrainCommandTest.Result r = TrainCommandTest.rnnc("train", "--cell", "stdlib:gru", "--task", "regress", "--data",
                "src/test/resources/data/load.csv", "--steps", "24", "--hidden", "4", "--max-steps", "3",
                "--checkpoint", dir.resolve("load.safetensors").toString(), "--report", report.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("report: " + report.resolve("report.html")), r.out());
        String html = Files.readString(report.resolve("report.html"));
        assertTrue(html.contains("<td>data.horizon</td><td>1</td>"), "the run's settings are on the page");
        assertTrue(html.contains("<td>head.weight</td><td>[1 × 4]</td>"), "the model's parameters and shapes");
        Chromium.Rendering seen = Chromium.render(report.resolve("report.html"), dir);
        assertEquals(List.of(), seen.problems());
        assertEquals(2, seen.images(), "the loss curves and the forecast");
        assertTrue(seen.math() > 10, "formulas: " + seen.math());
    }

    /** The checks can fail: a formula MathJax rejects, an image that is not there, mathematics never typeset. */
    @Test
    void brokenPagesAreCaught() throws Exception {
        HtmlReport report = new HtmlReport("broken");
        report.section("Mistakes").math("\\frac{a}").math("x_{t}");
        Path page = dir.resolve("broken.html");
        Files.writeString(page, report.html().replace("</body>", "<img alt=\"gone\" src=\"gone.svg\"></body>"));
        List<String> problems = Chromium.render(page, dir).problems();
        assertTrue(problems.contains("MathJax error: Missing argument for \\frac"), problems.toString());
        assertTrue(problems.contains("image missing: gone"), problems.toString());

        Path withoutMathJax = dir.resolve("plain.html");
        Files.writeString(withoutMathJax, report.html().replaceAll("(?s)<script>.*?</script>", ""));
        problems = Chromium.render(withoutMathJax, dir).problems();
        assertTrue(problems.contains("0 of 2 formulas typeset"), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("LaTeX left in the text: [\\[, \\frac")), problems.toString());
    }

    private static Stream<Path> list(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return new ArrayList<>(files.filter(f -> f.toString().endsWith(".rnn")).sorted().toList()).stream();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
