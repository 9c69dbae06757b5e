package io.rnnc.cli;

import com.google.gson.Gson;
import io.rnnc.compiler.model.RunConfig;
import io.rnnc.report.ForecastChart;
import io.rnnc.report.LineChart;
import io.rnnc.report.Series;
import io.rnnc.runtime.data.DataException;
import io.rnnc.runtime.data.SeriesWindows;
import io.rnnc.runtime.data.Standardizer;
import io.rnnc.runtime.data.TimeSeries;
import io.rnnc.runtime.data.TsvPairs;
import io.rnnc.runtime.layer.Pooling;
import io.rnnc.runtime.predict.ForecastPredictor;
import io.rnnc.runtime.train.Learner;
import io.rnnc.runtime.train.Metrics;
import io.rnnc.runtime.train.Model;
import io.rnnc.runtime.train.ShuffledBatches;
import io.rnnc.runtime.train.StepSource;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Forecasting a time series from a CSV file: at every step the model reads the input columns
 * and forecasts the target columns' next values, one or `--horizon` steps ahead (mean squared
 * error, linear head). A date/time column is the time axis, not an input. Every column is
 * standardised with the mean and deviation of the training rows, and errors are reported in
 * the data's own units. Training windows of `--steps` rows overlap, one every `--stride` rows;
 * the held-out part (the last rows, or a file of its own) is forecast from every row in turn,
 * each forecast reading the window of rows up to it, and judged beside the persistence
 * forecast (every future value as the last one seen).
 */
final class RegressTask implements Task {
    private static final String COLUMNS = ForecastPredictor.COLUMNS;
    private static final String TARGETS = ForecastPredictor.TARGETS;
    private static final String SCALING = ForecastPredictor.SCALING;
    /** Forecasting needs at least this many rows to train on. */
    private static final int LEAST_ROWS = 20;

    /**
     * Rows of a series, standardised, and the forecast origins or training windows they give.
     *
     * @param rows each row's inputs
     * @param targets each row's target values
     * @param times each row's time in seconds since 1970, or null
     * @param from the first forecast origin (held-out part) or 0
     * @param to the last forecast origin, or the last training target's row
     */
    private record Part(double[][] rows, double[][] targets, double[] times, int from, int to) {
    }

    private final List<String> columns;
    private final int[] targets;
    private final Standardizer scaling;
    private final int horizon;
    private final int stride;
    private final Part train;
    private final Part heldOut;
    private final TsvPairs.Header header;
    private final String heldOutFrom;
    private final String timeColumn;

    private RegressTask(List<String> columns, int[] targets, Standardizer scaling, RunConfig.Data data, Part train,
                        Part heldOut, TaskInput in, String timeColumn) {
        this.columns = columns;
        this.targets = targets;
        this.scaling = scaling;
        this.horizon = data.horizon();
        this.stride = data.stride();
        this.train = train;
        this.heldOut = heldOut;
        this.header = in.header();
        this.heldOutFrom = in.train() == null && in.heldOut() == null ? "" : HeldOut.describe(in, true);
        this.timeColumn = timeColumn;
    }

    /**
     * The task on {@code in}: the columns and standardisation of the saved run ({@code saved}),
     * or for a new run those {@code data} chooses, the standardisation fitted to the training rows.
     */
    static RegressTask read(TaskInput in, RunConfig.Data data, Map<String, String> saved, PrintWriter err) {
        List<String> savedColumns = list(saved.get(COLUMNS));
        List<String> targetNames = saved.containsKey(TARGETS) ? list(saved.get(TARGETS))
                : data.target() == null ? null : Arrays.stream(data.target().split(",")).map(String::strip).toList();
        List<String> wanted = savedColumns != null ? savedColumns : TimeSeries.withTargets(data.columns(), targetNames);
        TimeSeries trained = in.train() == null ? null : series(in.train(), in.header(), wanted);
        if (trained != null && trained.rows().length < LEAST_ROWS) {
            throw new DataException(in.train().name() + ": has " + trained.rows().length
                    + " rows; forecasting needs at least " + LEAST_ROWS);
        }
        TimeSeries held = in.heldOut() == null ? null
                : series(in.heldOut(), in.header(), trained != null ? trained.columns() : wanted);
        TimeSeries first = trained != null ? trained : held;
        List<String> columns = first == null ? savedColumns : first.columns();
        int[] targets = targetIndexes(columns, targetNames, first);
        int horizon = data.horizon();
        Standardizer scaling = saved.containsKey(SCALING) ? Standardizer.fromJson(saved.get(SCALING), "the checkpoint")
                : savedColumns != null ? Standardizer.identity(columns.size()) : null;
        if (trained == null) {
            Part h = held == null ? null : part(held, scaling, targets, 0, held.rows().length - 1 - horizon);
            return new RegressTask(columns, targets, scaling, data, null, h, in, first == null ? null : first.timeColumn());
        }
        int n = trained.rows().length;
        int cut = held != null ? n : HeldOut.cut(n, in.split());
        if (cut - 1 < horizon) {
            throw new DataException(in.train().name() + ": the " + cut + " rows to train on are too few to forecast "
                    + horizon + " steps ahead");
        }
        if (scaling == null) {
            scaling = Standardizer.fit(Arrays.copyOfRange(trained.rows(), 0, cut));
        }
        Part t = part(trained, scaling, targets, 0, cut - 1);
        Part h = held != null ? part(held, scaling, targets, 0, held.rows().length - 1 - horizon)
                : new Part(t.rows(), t.targets(), t.times(), cut - 1, n - 1 - horizon);
        return new RegressTask(columns, targets, scaling, data, t, h, in, trained.timeColumn());
    }

    private static List<String> list(String json) {
        return json == null ? null : Arrays.asList(new Gson().fromJson(json, String[].class));
    }

    private static TimeSeries series(TaskInput.Text file, TsvPairs.Header header, List<String> columns) {
        return ForecastPredictor.series(file.name(), file.text(), header, columns);
    }

    private static int[] targetIndexes(List<String> columns, List<String> names, TimeSeries series) {
        if (names == null) {
            return new int[] {columns.size() - 1};
        }
        return names.stream().mapToInt(name -> {
            int i = columns.indexOf(name);
            if (i < 0) {
                throw new DataException((series == null ? "the data" : series.name()) + ": has no input column `" + name
                        + "` to forecast; its columns are " + String.join(", ", columns));
            }
            return i;
        }).toArray();
    }

    private static Part part(TimeSeries s, Standardizer scaling, int[] targets, int from, int to) {
        double[][] rows = scaling.apply(s.rows());
        return new Part(rows, ForecastPredictor.targetValues(rows, targets), s.times(), from, to);
    }

    @Override
    public int inputSize() {
        return columns.size();
    }

    @Override
    public Model.Head head() {
        return Model.Head.LINEAR;
    }

    @Override
    public int outputSize() {
        return targets.length * horizon;
    }

    @Override
    public Pooling pooling() {
        return null;
    }

    @Override
    public boolean causal() {
        return true;
    }

    @Override
    public String describeData() {
        return String.format("data: %d rows to train on, %d forecasts held out (%s); reading %s, standardised on the "
                        + "training rows; %sforecasting %s %s", train.to() + 1, forecasts(heldOut), heldOutFrom,
                String.join(", ", columns), timeColumn == null ? "" : "time: `" + timeColumn + "`; ", targetNames(),
                horizon == 1 ? "1 step ahead" : "1 to " + horizon + " steps ahead");
    }

    private String targetNames() {
        return String.join(", ", Arrays.stream(targets).mapToObj(t -> "`" + columns.get(t) + "`").toList());
    }

    private static int forecasts(Part p) {
        return p == null ? 0 : Math.max(0, p.to() - p.from() + 1);
    }

    @Override
    public StepSource training(int batch, int steps, int bptt, long seed) {
        return new ShuffledBatches(SeriesWindows.training(train.rows(), train.targets(), steps, stride == 0 ? steps : stride,
                horizon, train.to()), batch, seed);
    }

    /** The standardised forecasts from each origin of {@code p}, {@code [origin][target × horizon]}. */
    private double[][] forecast(Model model, Part p, int batch, int steps) {
        return ForecastPredictor.forecast(model, p.rows(), p.targets(), steps, horizon, p.from(), p.to(), batch);
    }

    /**
     * The mean squared error over every forecast value, standardised ({@code loss}) and in the
     * data's units ({@code mse}, and per target where there are several), beside the persistence forecast's.
     */
    @Override
    public Metrics evaluate(Learner learner, int batch, int steps) {
        if (forecasts(heldOut) < 1) {
            return Metrics.none();
        }
        double[][] predicted = forecast((Model) learner, heldOut, batch, steps);
        int y = targets.length;
        double[] squared = new double[y];
        double[] standardised = new double[y];
        double[] persistence = new double[y];
        for (int o = 0; o < predicted.length; o++) {
            int origin = heldOut.from() + o;
            for (int j = 0; j < y; j++) {
                double s = scaling.scale(targets[j]);
                for (int k = 1; k <= horizon; k++) {
                    double truth = heldOut.targets()[origin + k][j];
                    double d = predicted[o][j * horizon + k - 1] - truth;
                    double p = heldOut.targets()[origin][j] - truth;
                    standardised[j] += d * d;
                    squared[j] += d * d * s * s;
                    persistence[j] += p * p * s * s;
                }
            }
        }
        double n = (double) predicted.length * horizon;
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("loss", Arrays.stream(standardised).sum() / (n * y));
        m.put("mse", Arrays.stream(squared).sum() / (n * y));
        m.put("persistence_mse", Arrays.stream(persistence).sum() / (n * y));
        if (y > 1) {
            for (int j = 0; j < y; j++) {
                m.put("mse:" + columns.get(targets[j]), squared[j] / n);
                m.put("persistence_mse:" + columns.get(targets[j]), persistence[j] / n);
            }
        }
        m.put("forecasts", (double) predicted.length);
        return new Metrics(m);
    }

    @Override
    public String describe(Metrics m) {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT,
                "mean squared error %.6g (persistence forecast: %.6g) over %d forecasts of %s, %s, in the data's units",
                m.get("mse"), m.get("persistence_mse"), (long) m.get("forecasts"), targetNames(),
                horizon == 1 ? "1 step ahead" : "1 to " + horizon + " steps ahead"));
        if (targets.length > 1) {
            for (int t : targets) {
                s.append(String.format(Locale.ROOT, "; `%s` %.6g (persistence %.6g)", columns.get(t),
                        m.get("mse:" + columns.get(t)), m.get("persistence_mse:" + columns.get(t))));
            }
        }
        return s.append(String.format(Locale.ROOT, "; %.4g standardised", m.get("loss"))).toString();
    }

    @Override
    public String metric() {
        return "mse";
    }

    @Override
    public Baseline baseline() {
        return new Baseline("persistence_mse", "persistence forecast");
    }

    @Override
    public boolean higherIsBetter() {
        return false;
    }

    /**
     * The forecast against the truth over the held-out part, for each target (one step ahead,
     * and the last step of the horizon where it is longer), and where there are two targets
     * (positions x and y) the forecast path against the true one.
     */
    @Override
    public Map<String, LineChart> charts(Learner learner, int batch, int steps) {
        Map<String, LineChart> charts = new LinkedHashMap<>();
        if (forecasts(heldOut) < 1) {
            return charts;
        }
        double[][] predicted = forecast((Model) learner, heldOut, batch, steps);
        int[] rows = new int[predicted.length + horizon];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = heldOut.from() + i;
        }
        TimeAxis axis = TimeAxis.of(heldOut.times(), rows);
        for (int j = 0; j < targets.length; j++) {
            String name = columns.get(targets[j]);
            double[] truth = new double[rows.length];
            double[] next = new double[rows.length];
            double[] last = new double[rows.length];
            Arrays.fill(next, Double.NaN);
            Arrays.fill(last, Double.NaN);
            for (int i = 0; i < rows.length; i++) {
                truth[i] = original(j, heldOut.targets()[rows[i]][j]);
            }
            for (int o = 0; o < predicted.length; o++) {
                next[o + 1] = original(j, predicted[o][j * horizon]);
                last[o + horizon] = original(j, predicted[o][j * horizon + horizon - 1]);
            }
            LineChart chart = ForecastChart.of("held-out forecast of " + name, axis.label(), name, axis.values(), truth, next);
            if (horizon > 1) {
                chart.add(Series.of("forecast " + horizon + " steps ahead", axis.values(), last));
            }
            charts.put("forecast" + (targets.length > 1 ? "-" + fileName(name) : ""), chart);
        }
        if (targets.length == 2) {
            charts.put("path", path(predicted, rows));
        }
        return charts;
    }

    private LineChart path(double[][] predicted, int[] rows) {
        String x = columns.get(targets[0]);
        String y = columns.get(targets[1]);
        double[] tx = new double[rows.length];
        double[] ty = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            tx[i] = original(0, heldOut.targets()[rows[i]][0]);
            ty[i] = original(1, heldOut.targets()[rows[i]][1]);
        }
        double[] px = new double[predicted.length];
        double[] py = new double[predicted.length];
        for (int o = 0; o < predicted.length; o++) {
            px[o] = original(0, predicted[o][0]);
            py[o] = original(1, predicted[o][horizon]);
        }
        return new LineChart("held-out path: forecast one step ahead against the truth", x, y)
                .add(Series.of("true path", tx, ty)).add(Series.of("forecast path", px, py));
    }

    private double original(int target, double standardised) {
        return scaling.original(targets[target], standardised);
    }

    private static String fileName(String column) {
        return column.replaceAll("[^A-Za-z0-9_.-]", "_");
    }

    /**
     * For each row of the CSV file, the forecast of the targets' next values, from the window of
     * rows that ends there (the last rows' forecasts lie beyond the file).
     */
    @Override
    public void predict(Learner learner, TaskInput.Text file, int batch, int steps, PrintWriter out, PrintWriter err) {
        new ForecastPredictor((Model) learner, columns, targets, scaling, horizon, steps, header).predict(file.name(),
                file.text(), batch, out, err);
    }

    @Override
    public Map<String, String> encoders() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(COLUMNS, new Gson().toJson(columns));
        m.put(TARGETS, new Gson().toJson(Arrays.stream(targets).mapToObj(columns::get).toList()));
        m.put(SCALING, scaling.toJson());
        return m;
    }
}
