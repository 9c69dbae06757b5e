package io.rnnc.cli;

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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Forecasting a CSV time series: at every step the model reads all columns and predicts the
 * target column's next value (mean squared error, linear head). The last tenth of the rows is
 * held out and judged beside the persistence forecast (tomorrow as today).
 */
final class RegressTask implements Task {
    private final CsvSeries series;
    private final int target;
    private final int cut;

    private RegressTask(CsvSeries series, int target) {
        this.series = series;
        this.target = target;
        this.cut = series.rows().length - series.rows().length / 10;
    }

    static RegressTask read(String text, String where, String targetColumn) {
        CsvSeries s = CsvSeries.parse(text, where);
        int target = targetColumn == null ? s.columns().size() - 1 : s.column(targetColumn, where);
        if (s.rows().length < 20) {
            throw new DataException(where + ": has " + s.rows().length + " rows; forecasting needs at least 20");
        }
        return new RegressTask(s, target);
    }

    @Override
    public int inputSize() {
        return series.columns().size();
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
    public StepSource training(int batch, int steps, int bptt, long seed) {
        return new ShuffledBatches(windows(0, cut, steps), batch, seed);
    }

    /** Windows of up to {@code steps} rows within [from, to), each step's target the next row's value. */
    private SequenceDataset windows(int from, int to, int steps) {
        List<double[][]> xs = new ArrayList<>();
        List<double[][]> ys = new ArrayList<>();
        double[][] rows = series.rows();
        for (int start = from; start < to - 1; start += steps) {
            int end = Math.min(start + steps, to - 1);
            xs.add(Arrays.copyOfRange(rows, start, end));
            double[][] y = new double[end - start][];
            for (int t = start; t < end; t++) {
                y[t - start] = new double[] {rows[t + 1][target]};
            }
            ys.add(y);
        }
        return SequenceDataset.stepValues(xs, ys);
    }

    @Override
    public Metrics evaluate(Learner learner, int batch, int steps) {
        Model model = (Model) learner;
        SequenceDataset heldOut = windows(cut - 1, series.rows().length, steps);
        double loss = 0;
        double persistence = 0;
        int counted = 0;
        for (Batch b : ShuffledBatches.inOrder(heldOut, batch)) {
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
        if (counted == 0) {
            return Metrics.none();
        }
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("mse", loss / counted);
        m.put("persistence_mse", persistence / counted);
        m.put("steps", (double) counted);
        return new Metrics(m);
    }

    @Override
    public String describe(Metrics m) {
        if (m.isEmpty()) {
            return "no held-out rows";
        }
        return String.format("held-out mean squared error %.6f (persistence forecast: %.6f) over %d steps",
                m.get("mse"), m.get("persistence_mse"), (long) m.get("steps"));
    }

    @Override
    public Map<String, String> encoders() {
        return Map.of();
    }
}
