package io.rnnc.runtime.predict;

import io.rnnc.runtime.data.Batch;
import io.rnnc.runtime.data.CsvTable;
import io.rnnc.runtime.data.SeriesWindows;
import io.rnnc.runtime.data.Standardizer;
import io.rnnc.runtime.data.TimeSeries;
import io.rnnc.runtime.data.TsvPairs;
import io.rnnc.runtime.train.Model;
import io.rnnc.runtime.train.ShuffledBatches;
import io.rnnc.runtime.train.States;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Forecasting a time series: for each row of a CSV file with the training data's columns, the
 * forecast of the targets' next values (one or {@code horizon} steps ahead), each from the
 * window of rows that ends there, in the data's own units.
 */
public final class ForecastPredictor implements Predictor {
    /** Where a checkpoint keeps the columns read, as a JSON list. */
    public static final String COLUMNS = "columns";
    /** Where a checkpoint keeps the columns forecast, as a JSON list. */
    public static final String TARGETS = "targets";
    /** Where a checkpoint keeps how every column is standardised. */
    public static final String SCALING = "input_scaling";

    private final Model model;
    private final List<String> columns;
    private final int[] targets;
    private final Standardizer scaling;
    private final int horizon;
    private final int steps;
    private final TsvPairs.Header header;

    /**
     * @param columns the columns read, in order
     * @param targets the indexes among them of the columns forecast
     * @param scaling how every column was standardised for training
     * @param horizon steps ahead forecast
     * @param steps rows of each window the model reads (the training windows')
     * @param header whether the file's first line names the columns
     */
    public ForecastPredictor(Model model, List<String> columns, int[] targets, Standardizer scaling, int horizon,
                             int steps, TsvPairs.Header header) {
        this.model = model;
        this.columns = columns;
        this.targets = targets;
        this.scaling = scaling;
        this.horizon = horizon;
        this.steps = steps;
        this.header = header;
    }

    /** The series of a CSV file, its chosen columns in order (every numeric one where {@code columns} is null). */
    public static TimeSeries series(String name, String text, TsvPairs.Header header, List<String> columns) {
        Boolean named = header == TsvPairs.Header.YES ? Boolean.TRUE : header == TsvPairs.Header.NO ? Boolean.FALSE : null;
        return TimeSeries.of(CsvTable.read(text, name, named), columns);
    }

    /**
     * The forecast from each origin in [from, to]: the model's last output over the window of
     * up to {@code steps} rows that ends there, standardised ({@code targets·horizon} values).
     */
    public static double[][] forecast(Model model, double[][] rows, double[][] targets, int steps, int horizon, int from,
                                      int to, int batch) {
        SeriesWindows windows = SeriesWindows.origins(rows, targets, steps, horizon, from, to);
        double[][] out = new double[windows.size()][];
        int k = 0;
        for (Batch b : ShuffledBatches.inOrder(windows, batch)) {
            double[][][] y = model.forward(b, States.zero(), false).steps();
            for (int i = 0; i < b.size(); i++) {
                out[k++] = y[b.lengths()[i] - 1][i];
            }
        }
        return out;
    }

    /** Each target column's values of the standardised rows. */
    public static double[][] targetValues(double[][] rows, int[] targets) {
        double[][] y = new double[rows.length][targets.length];
        for (int i = 0; i < rows.length; i++) {
            for (int j = 0; j < targets.length; j++) {
                y[i][j] = rows[i][targets[j]];
            }
        }
        return y;
    }

    @Override
    public void predict(String name, String text, int batch, PrintWriter out, PrintWriter err) {
        double[][] rows = scaling.apply(series(name, text, header, columns).rows());
        double[][] predicted = forecast(model, rows, targetValues(rows, targets), steps, horizon, 0, rows.length - 1,
                batch);
        List<String> head = new ArrayList<>(List.of("row"));
        for (int t : targets) {
            for (int k = 1; k <= horizon; k++) {
                head.add(horizon == 1 ? "next_" + columns.get(t) : columns.get(t) + "+" + k);
            }
        }
        out.println(String.join(",", head));
        for (int o = 0; o < predicted.length; o++) {
            StringBuilder line = new StringBuilder(Integer.toString(o + 1));
            for (int j = 0; j < targets.length; j++) {
                for (int k = 0; k < horizon; k++) {
                    double v = scaling.original(targets[j], predicted[o][j * horizon + k]);
                    line.append(String.format(Locale.ROOT, ",%.6g", v));
                }
            }
            out.println(line);
        }
    }
}
