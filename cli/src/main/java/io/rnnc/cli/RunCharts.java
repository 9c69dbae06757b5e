package io.rnnc.cli;

import io.rnnc.report.ChartException;
import io.rnnc.report.ChartFormat;
import io.rnnc.report.LineChart;
import io.rnnc.report.Series;
import io.rnnc.runtime.train.LoggedStep;
import io.rnnc.runtime.train.MetricsLog;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;

/** The charts a training run writes beside its checkpoint, and its loss curves drawn from its metrics. */
public final class RunCharts {
    private RunCharts() {
    }

    /** The training loss and the held-out loss against the step, each over the steps that logged it. */
    public static LineChart loss(List<LoggedStep> steps, String title) {
        LineChart chart = new LineChart(title, "step", "loss").logarithmicWhereUseful();
        add(chart, "training loss", steps, MetricsLog.TRAIN_LOSS);
        add(chart, "held-out loss", steps, MetricsLog.EVAL_LOSS);
        return chart;
    }

    private static void add(LineChart chart, String name, List<LoggedStep> steps, String field) {
        List<LoggedStep> logged = steps.stream().filter(s -> s.get(field).isPresent()).toList();
        if (!logged.isEmpty()) {
            chart.add(Series.of(name, logged.stream().mapToDouble(LoggedStep::step).toArray(),
                    logged.stream().mapToDouble(s -> s.get(field).getAsDouble()).toArray()));
        }
    }

    /**
     * Writes {@code chart} beside {@code checkpoint} as {@code NAME.<name>.png} and {@code .svg};
     * where it cannot be (no font, no room), says why on {@code err} and writes nothing: the run
     * itself is saved.
     *
     * @return the files written
     */
    public static List<Path> writeBeside(Path checkpoint, String name, LineChart chart, PrintWriter err) {
        if (chart.series().isEmpty()) {
            return List.of();
        }
        String file = checkpoint.getFileName().toString().replaceFirst("\\.safetensors$", "");
        try {
            return chart.write(checkpoint.resolveSibling(file + "." + name), EnumSet.allOf(ChartFormat.class));
        } catch (IOException e) {
            err.println("rnnc: no " + name + " plot: cannot write it beside " + checkpoint + " (" + IoReason.of(e) + ")");
        } catch (ChartException e) {
            err.println("rnnc: no " + name + " plot: " + e.getMessage());
        }
        err.flush();
        return List.of();
    }
}
