package io.rnnc.cli;

import io.rnnc.report.ChartException;
import io.rnnc.report.ChartFormat;
import io.rnnc.report.LineChart;
import io.rnnc.report.Series;
import io.rnnc.runtime.train.MetricsLog;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** `rnnc plot RUN...`: several runs' curves on one chart per metric. */
@Command(name = "plot", description = "Draw runs' logged metrics, one chart per metric with every run's curve, as PNG and SVG.")
final class PlotCommand implements Callable<Integer> {
    private static final List<String> LOSSES = List.of(MetricsLog.TRAIN_LOSS, MetricsLog.EVAL_LOSS);

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "RUN", arity = "1..*", description = "A metrics file (*" + MetricsLog.SUFFIX + "), "
            + "a checkpoint (its metrics file lies beside it), or a directory of metrics files: one configuration's "
            + "runs over several seeds, drawn as their mean with a band of one standard deviation.")
    List<String> runs;

    @Option(names = "--metric", paramLabel = "NAME", description = "A logged value to plot, e.g. train_loss, eval_loss, "
            + "accuracy, lr, grad_norm; repeat for several (default: the losses the runs logged).")
    List<String> metrics = new ArrayList<>();

    @Option(names = "--x", defaultValue = "step", paramLabel = "step|wall",
            description = "The horizontal axis: training step or wall time in seconds (default ${DEFAULT-VALUE}).")
    String x;

    @Option(names = {"-o", "--out"}, defaultValue = ".", paramLabel = "DIR",
            description = "Directory for the charts, NAME.png and NAME.svg for each metric (default: this directory).")
    Path out;

    @Option(names = "--format", defaultValue = "png,svg", split = ",", paramLabel = "png|svg",
            description = "Which files to write (default ${DEFAULT-VALUE}).")
    List<String> formats;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String xField = xField();
        Set<ChartFormat> chosen = chosenFormats();
        List<RunMetrics> read = readRuns();
        for (String metric : metricsToPlot(read)) {
            LineChart chart = new LineChart(metric, xField.equals(MetricsLog.STEP) ? "step" : "wall time (s)", metric);
            for (RunMetrics run : read) {
                Series s = run.series(metric, xField);
                if (s.size() == 0) {
                    err.println("note: " + run.label() + " logged no " + logged(metric, xField));
                } else {
                    chart.add(s);
                }
            }
            if (chart.series().isEmpty()) {
                throw new UserError("no run logged " + logged(metric, xField));
            }
            write(chart, metric, chosen).forEach(f -> stdout.println("wrote " + f));
        }
        err.flush();
        stdout.flush();
        return Exit.OK;
    }

    /** What a run must have logged to be drawn: the metric, and the x axis where that is not the step. */
    private static String logged(String metric, String xField) {
        return metric + (xField.equals(MetricsLog.STEP) ? "" : " with " + xField);
    }

    private String xField() {
        return switch (x) {
            case "step" -> MetricsLog.STEP;
            case "wall" -> MetricsLog.WALL_S;
            default -> throw new UsageError("--x takes step or wall, not " + x);
        };
    }

    private Set<ChartFormat> chosenFormats() {
        Set<ChartFormat> chosen = EnumSet.noneOf(ChartFormat.class);
        for (String f : formats) {
            try {
                chosen.add(ChartFormat.valueOf(f.strip().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new UsageError("--format takes png, svg or both (png,svg), not " + f);
            }
        }
        return chosen;
    }

    private List<RunMetrics> readRuns() {
        if (new LinkedHashSet<>(runs).size() < runs.size()) {
            throw new UsageError("a run is named twice: " + String.join(" ", runs));
        }
        return runs.stream().map(RunMetrics::read).toList();
    }

    private List<String> metricsToPlot(List<RunMetrics> read) {
        Set<String> logged = new LinkedHashSet<>();
        read.forEach(r -> logged.addAll(r.metrics()));
        List<String> wanted = metrics.isEmpty() ? LOSSES.stream().filter(logged::contains).toList() : metrics;
        if (wanted.isEmpty()) {
            throw new UserError("the runs logged no loss; name a value with --metric (logged: " + String.join(", ", logged) + ")");
        }
        for (String m : wanted) {
            if (!logged.contains(m)) {
                throw new UserError("no run logged " + m + "; the runs logged " + String.join(", ", logged));
            }
        }
        return wanted;
    }

    private List<Path> write(LineChart chart, String metric, Set<ChartFormat> chosen) {
        try {
            Files.createDirectories(out);
            return chart.write(out.resolve(metric), chosen);
        } catch (IOException e) {
            throw new UnavailableError(out + ": cannot write the charts (" + IoReason.of(e) + ")");
        } catch (ChartException e) {
            throw new UnavailableError(e.getMessage());
        }
    }
}
