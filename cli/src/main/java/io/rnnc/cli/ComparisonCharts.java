package io.rnnc.cli;

import io.rnnc.report.LineChart;
import io.rnnc.report.SeedSpread;
import io.rnnc.report.Series;
import io.rnnc.runtime.train.LoggedStep;
import io.rnnc.runtime.train.MetricsLog;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The charts of a {@link Comparison}, drawn from its runs' metrics files and records. */
final class ComparisonCharts {
    private ComparisonCharts() {
    }

    /**
     * For each data file, the held-out and the training loss of every cell against the step
     * (mean over seeds with a band of one standard deviation); over several files, the task's
     * metric of every cell on each. Keyed by data file (the key "" for the charts over all of them), then by name.
     */
    static Map<String, Map<String, LineChart>> of(Comparison c) {
        Map<String, Map<String, LineChart>> charts = new LinkedHashMap<>();
        for (Comparison.DataResult d : c.data()) {
            Map<String, LineChart> byName = new LinkedHashMap<>();
            byName.put(MetricsLog.EVAL_LOSS, curves(d, MetricsLog.EVAL_LOSS, "held-out loss on " + d.label()));
            byName.put(MetricsLog.TRAIN_LOSS, curves(d, MetricsLog.TRAIN_LOSS, "training loss on " + d.label()));
            charts.put(d.label(), byName);
        }
        if (c.data().size() > 1) {
            charts.put("", Map.of(c.metric() + "_by_data", byData(c)));
        }
        return charts;
    }

    private static LineChart curves(Comparison.DataResult d, String metric, String title) {
        LineChart chart = new LineChart(title, "step", metric).logarithmicWhereUseful();
        for (Comparison.CellResult cell : d.cells()) {
            List<List<LoggedStep>> logs = cell.runs().stream().map(r -> MetricsLog.read(Path.of(r.metricsFile()))).toList();
            Series s = new RunMetrics(cell.label(), logs).series(metric, MetricsLog.STEP);
            if (s.size() > 0) {
                chart.add(s);
            }
        }
        return chart;
    }

    private static LineChart byData(Comparison c) {
        List<String> files = c.data().stream().map(Comparison.DataResult::label).toList();
        List<String> numbered = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            numbered.add((i + 1) + " " + files.get(i));
        }
        LineChart chart = new LineChart("held-out " + c.metric() + " by data file", "data file: "
                + String.join(", ", numbered), c.metric()).logarithmicWhereUseful();
        for (int k = 0; k < c.data().get(0).cells().size(); k++) {
            List<Series> bySeed = new ArrayList<>();
            for (int s = 0; s < c.data().get(0).cells().get(k).runs().size(); s++) {
                double[] x = new double[files.size()];
                double[] y = new double[files.size()];
                for (int i = 0; i < files.size(); i++) {
                    x[i] = i + 1;
                    Double v = c.data().get(i).cells().get(k).runs().get(s).metrics().get(c.metric());
                    y[i] = v == null ? Double.NaN : v;
                }
                bySeed.add(Series.of(Integer.toString(s), x, y));
            }
            chart.add(SeedSpread.of(c.data().get(0).cells().get(k).label(), bySeed));
        }
        return chart;
    }

}
