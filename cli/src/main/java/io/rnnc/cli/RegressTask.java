package io.rnnc.cli;

import com.google.gson.Gson;
import io.rnnc.runtime.data.Batch;
import io.rnnc.runtime.data.CsvSeries;
import io.rnnc.runtime.data.DataException;
import io.rnnc.runtime.data.SequenceDataset;
import io.rnnc.runtime.data.Targets;
import io.rnnc.runtime.layer.Pooling;
import io.rnnc.runtime.loss.Reduction;
import io.rnnc.runtime.train.Learner;
import io.rnnc.runtime.train.Metrics;
import io.rnnc.runtime.train.Model;
import io.rnnc.runtime.train.ShuffledBatches;
import io.rnnc.runtime.train.States;
import io.rnnc.runtime.train.StepSource;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Forecasting a CSV time series: at every step the model reads all columns and predicts the
 * target column's next value (mean squared error, linear head). The last tenth of the rows is
 * held out (or a file of its own) and judged beside the persistence forecast (tomorrow as today).
 */
final class RegressTask implements Task {
    static final String COLUMNS = "columns";

    private final List<String> columns;
    private final int target;
    private final double[][] train;
    private final double[][] heldOut;
    private final TaskInput.Header header;
    private final String heldOutFrom;

    private RegressTask(List<String> columns, int target, double[][] train, double[][] heldOut, TaskInput.Header header,
                        String heldOutFrom) {
        this.columns = columns;
        this.target = target;
        this.train = train;
        this.heldOut = heldOut;
        this.header = header;
        this.heldOutFrom = heldOutFrom;
    }

    /**
     * The task on {@code in}. Split from one file, the held-out rows are the last part and the
     * row before them, which only their first step reads.
     *
     * @param savedColumns the columns of a saved run's data (JSON), which every file must have, or null
     */
    static RegressTask read(TaskInput in, String targetColumn, String savedColumns) {
        List<String> expected = savedColumns == null ? null : Arrays.asList(new Gson().fromJson(savedColumns, String[].class));
        CsvSeries trained = in.train() == null ? null : series(in.train(), in.header(), expected);
        if (trained != null && trained.rows().length < 20) {
            throw new DataException(in.train().name() + ": has " + trained.rows().length
                    + " rows; forecasting needs at least 20");
        }
        if (expected == null) {
            expected = (trained != null ? trained : series(in.heldOut(), in.header(), null)).columns();
        }
        CsvSeries held = in.heldOut() == null ? null : series(in.heldOut(), in.header(), expected);
        int target = targetColumn == null ? expected.size() - 1 : column(expected, targetColumn, in);
        double[][] rows = trained == null ? new double[0][] : trained.rows();
        if (held != null) {
            return new RegressTask(expected, target, rows, held.rows(), in.header(), HeldOut.describe(in, true));
        }
        int cut = HeldOut.cut(rows.length, in.split());
        return new RegressTask(expected, target, Arrays.copyOfRange(rows, 0, cut),
                Arrays.copyOfRange(rows, Math.max(0, cut - 1), rows.length), in.header(), HeldOut.describe(in, true));
    }

    private static CsvSeries series(TaskInput.Text file, TaskInput.Header header, List<String> expected) {
        boolean named = header == TaskInput.Header.YES
                || header == TaskInput.Header.AUTO && CsvSeries.startsWithHeader(file.text());
        CsvSeries s = CsvSeries.parse(file.text(), file.name(), named);
        if (expected != null && !s.columns().equals(expected)) {
            throw new DataException(file.name() + ": has the columns " + String.join(", ", s.columns())
                    + ", but the model reads " + String.join(", ", expected));
        }
        return s;
    }

    private static int column(List<String> columns, String name, TaskInput in) {
        int i = columns.indexOf(name);
        if (i < 0) {
            String file = in.train() != null ? in.train().name() : in.heldOut().name();
            throw new DataException(file + ": has no column `" + name + "`; its columns are " + String.join(", ", columns)
                    + " (--target names one of them)");
        }
        return i;
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
        return 1;
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
        return String.format("data: %d rows to train on, %d targets held out (%s); predicting the next `%s`",
                train.length, Math.max(0, heldOut.length - 1), heldOutFrom, columns.get(target));
    }

    @Override
    public StepSource training(int batch, int steps, int bptt, long seed) {
        return new ShuffledBatches(windows(train, steps, false), batch, seed);
    }

    /**
     * Windows of up to {@code steps} rows, each step's target the next row's value; with
     * {@code last}, the last row too, whose target is unknown (0).
     */
    private SequenceDataset windows(double[][] rows, int steps, boolean last) {
        List<double[][]> xs = new ArrayList<>();
        List<double[][]> ys = new ArrayList<>();
        int end = last ? rows.length : rows.length - 1;
        for (int start = 0; start < end; start += steps) {
            int stop = Math.min(start + steps, end);
            xs.add(Arrays.copyOfRange(rows, start, stop));
            double[][] y = new double[stop - start][];
            for (int t = start; t < stop; t++) {
                y[t - start] = new double[] {t + 1 < rows.length ? rows[t + 1][target] : 0};
            }
            ys.add(y);
        }
        return SequenceDataset.stepValues(xs, ys);
    }

    @Override
    public Metrics evaluate(Learner learner, int batch, int steps) {
        Model model = (Model) learner;
        if (heldOut.length < 2) {
            return Metrics.none();
        }
        double loss = 0;
        double persistence = 0;
        int counted = 0;
        for (Batch b : ShuffledBatches.inOrder(windows(heldOut, steps, false), batch)) {
            Model.Output out = model.forward(b, States.zero(), false);
            int n = Arrays.stream(b.lengths()).sum();
            loss += model.loss(out, b, Reduction.MEAN).value() * n;
            double[][][] y = ((Targets.StepValues) b.targets()).values();
            for (int i = 0; i < b.size(); i++) {
                for (int t = 0; t < b.lengths()[i]; t++) {
                    double d = y[t][i][0] - b.x()[t][i][target];
                    persistence += d * d;
                }
            }
            counted += n;
        }
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("mse", loss / counted);
        m.put("persistence_mse", persistence / counted);
        m.put("steps", (double) counted);
        return new Metrics(m);
    }

    @Override
    public String describe(Metrics m) {
        return String.format("mean squared error %.6f (persistence forecast: %.6f) over %d steps",
                m.get("mse"), m.get("persistence_mse"), (long) m.get("steps"));
    }

    /**
     * For each row of the CSV file, the forecast of the target's value at the next row; read in
     * windows of {@code steps} rows from the zero state, as evaluation reads them.
     */
    @Override
    public void predict(Learner learner, TaskInput.Text file, int batch, int steps, PrintWriter out, PrintWriter err) {
        Model model = (Model) learner;
        double[][] rows = series(file, header, columns).rows();
        out.println("row,next_" + columns.get(target));
        int row = 1;
        for (Batch b : ShuffledBatches.inOrder(windows(rows, steps, true), batch)) {
            double[][][] y = model.forward(b, States.zero(), false).steps();
            for (int i = 0; i < b.size(); i++) {
                for (int t = 0; t < b.lengths()[i]; t++) {
                    out.printf(Locale.ROOT, "%d,%.6g%n", row++, y[t][i][0]);
                }
            }
        }
    }

    @Override
    public Map<String, String> encoders() {
        return Map.of(COLUMNS, new Gson().toJson(columns));
    }
}
