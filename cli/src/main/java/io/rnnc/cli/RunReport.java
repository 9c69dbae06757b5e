package io.rnnc.cli;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.rnnc.compiler.check.TypedCell;
import io.rnnc.compiler.model.RunConfig;
import io.rnnc.report.ChartException;
import io.rnnc.report.HtmlReport;
import io.rnnc.report.Inline;
import io.rnnc.report.LineChart;
import io.rnnc.report.Section;
import io.rnnc.runtime.tensor.Tensor;
import io.rnnc.runtime.train.Metrics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The HTML report of `train --report DIR` and `compare --report DIR`: one self-contained page,
 * DIR/report.html, with the results and the plots (as SVG), the run's settings, the model's
 * parameters and their shapes, and each cell's equations, backward equations, shapes and
 * compiled plan ({@link CellReport}).
 */
final class RunReport {
    private final HtmlReport page;

    private RunReport(HtmlReport page) {
        this.page = page;
    }

    /** The report of one training run. */
    static RunReport training(TypedCell cell, RunConfig config, Map<String, Tensor> parameters, Task task, Metrics result,
                              Map<String, LineChart> charts) {
        HtmlReport page = new HtmlReport("rnnc train: " + cell.name() + " on " + config.data().file());
        Section results = page.section("Results");
        results.paragraph(task.describeData());
        results.paragraph(result.isEmpty() ? "No held-out data to evaluate on." : "Held-out " + task.describe(result) + ".");
        if (!result.isEmpty()) {
            results.table(List.of("metric", "value"), result.values().entrySet().stream()
                    .map(e -> List.of(Inline.text(e.getKey()), Inline.text(number(e.getValue())))).toList());
        }
        RunReport report = new RunReport(page);
        report.charts(page.section("Plots"), charts);
        settings(page.section("Settings"), config);
        parameters(page.section("Model"), parameters);
        CellReport.add(page, cell);
        CellReport.addSource(page, cell.source());
        return report;
    }

    /** A report whose sections the caller adds ({@code compare}'s). */
    static RunReport of(HtmlReport page) {
        return new RunReport(page);
    }

    /** Adds each chart to {@code section}, captioned with its name. */
    void charts(Section section, Map<String, LineChart> charts) {
        try {
            charts.forEach((name, chart) -> {
                if (!chart.series().isEmpty()) {
                    section.chart(chart, caption(name));
                }
            });
        } catch (ChartException e) {
            throw new UnavailableError(e.getMessage());
        }
    }

    private static String caption(String name) {
        return switch (name) {
            case "loss" -> "Training loss (averaged between logged steps) and held-out loss against the step.";
            case "eval_loss" -> "The held-out loss of every cell against the step: the mean over seeds, with a band of one "
                    + "standard deviation.";
            case "train_loss" -> "The training loss of every cell against the step (averaged between logged steps): the "
                    + "mean over seeds, with a band of one standard deviation.";
            case "path" -> "The held-out part's path and the one-step-ahead forecast of it.";
            default -> name.startsWith("forecast") ? "The held-out part and the model's forecast of it, in the data's units."
                    : name.endsWith("_by_data") ? "The task's metric of every cell on every data file: the mean over seeds, "
                    + "with a band of one standard deviation." : name;
        };
    }

    /** The run's configuration as a table of settings, one row for each value it records. */
    static void settings(Section section, RunConfig config) {
        List<List<Inline>> rows = new ArrayList<>();
        rows.add(List.of(Inline.text("cell"), Inline.text(String.valueOf(config.cell()))));
        flatten("", new Gson().toJsonTree(config).getAsJsonObject(), rows);
        section.paragraph("Everything that defines the run, as its checkpoint records it:")
                .table(List.of("setting", "value"), rows);
    }

    private static void flatten(String prefix, JsonObject o, List<List<Inline>> rows) {
        for (Map.Entry<String, JsonElement> e : o.entrySet()) {
            String key = prefix + e.getKey();
            if (key.equals("cell") || e.getValue().isJsonNull()) {
                continue;
            }
            if (e.getValue().isJsonObject()) {
                flatten(key + ".", e.getValue().getAsJsonObject(), rows);
            } else {
                rows.add(List.of(Inline.text(key), Inline.text(e.getValue().isJsonPrimitive()
                        ? e.getValue().getAsString() : e.getValue().toString())));
            }
        }
    }

    /** The model's parameters: name, shape and number of values. */
    static void parameters(Section section, Map<String, Tensor> parameters) {
        long total = parameters.values().stream().mapToLong(Tensor::size).sum();
        section.paragraph(String.format(Locale.ROOT, "%,d parameters:", total))
                .table(List.of("parameter", "shape", "values"), parameters.entrySet().stream()
                        .map(e -> List.of(Inline.text(e.getKey()), Inline.text(shape(e.getValue().shape())),
                                Inline.text(String.format(Locale.ROOT, "%,d", e.getValue().size())))).toList());
    }

    private static String shape(int[] shape) {
        return Arrays.stream(shape).mapToObj(Integer::toString).collect(Collectors.joining(" × ", "[", "]"));
    }

    /** A number as a table shows it: four significant digits without trailing zeros, whole numbers whole. */
    static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e9) {
            return String.format(Locale.ROOT, "%,d", (long) v);
        }
        if (!Double.isFinite(v)) {
            return Double.toString(v);
        }
        return new java.math.BigDecimal(v).round(new java.math.MathContext(4)).stripTrailingZeros().toPlainString();
    }

    /**
     * Writes the page to {@code dir}/report.html, making the directory where needed.
     *
     * @return the file written
     */
    Path writeTo(Path dir) {
        Path file = dir.resolve("report.html");
        try {
            Files.createDirectories(dir);
            page.write(file);
            return file;
        } catch (IOException e) {
            throw new UnavailableError(file + ": cannot write the report (" + IoReason.of(e) + ")");
        } catch (ChartException e) {
            throw new UnavailableError(e.getMessage());
        }
    }
}
