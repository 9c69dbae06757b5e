package io.rnnc.cli;

import io.rnnc.runtime.data.Batch;
import io.rnnc.runtime.data.CsvTable;
import io.rnnc.runtime.data.DataException;
import io.rnnc.runtime.data.SequenceDataset;
import io.rnnc.runtime.data.SequenceEncoding;
import io.rnnc.runtime.data.Standardizer;
import io.rnnc.runtime.data.Targets;
import io.rnnc.runtime.data.TsvPairs;
import io.rnnc.runtime.layer.Pooling;
import io.rnnc.runtime.loss.Reduction;
import io.rnnc.runtime.predict.ValuePredictor;
import io.rnnc.runtime.train.Learner;
import io.rnnc.runtime.train.Metrics;
import io.rnnc.runtime.train.Model;
import io.rnnc.runtime.train.ShuffledBatches;
import io.rnnc.runtime.train.States;
import io.rnnc.runtime.train.StepSource;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Many-to-one regression from a TSV file of {@code value<TAB>sequence} lines (seed 003's adding
 * problem: numbers in, one number out at the last step): the head reads the last valid step
 * (or the pooled steps) and predicts the value, with mean squared error. Values, and sequences
 * of numbers, are standardised on the training lines; errors are reported in the values' own
 * units, beside always answering the training values' mean.
 */
final class ValueTask implements Task {
    private static final String TARGET_SCALING = ValuePredictor.TARGET_SCALING;
    private static final SequenceEncoding.Keys KEYS = ValuePredictor.KEYS;
    private static final String FORM = ValuePredictor.FORM;

    private final SequenceEncoding inputs;
    private final Standardizer values;
    private final SequenceDataset train;
    private final SequenceDataset heldOut;
    private final TsvPairs.Header header;
    private final String heldOutFrom;

    private ValueTask(SequenceEncoding inputs, Standardizer values, SequenceDataset train, SequenceDataset heldOut,
                      TsvPairs.Header header, String heldOutFrom) {
        this.inputs = inputs;
        this.values = values;
        this.train = train;
        this.heldOut = heldOut;
        this.header = header;
        this.heldOutFrom = heldOutFrom;
    }

    /** The task on {@code in}, read as the saved run read its data or, for a new run, fitted to the training lines. */
    static ValueTask read(TaskInput in, Map<String, String> saved, PrintWriter err) {
        LabelledLines lines = LabelledLines.read(in, FORM, false, err);
        SequenceEncoding inputs = SequenceInputs.of(LabelledLines.seconds(lines.all()),
                LabelledLines.seconds(lines.parts().train()), in.inputs(), in.level(), saved, KEYS, err);
        Standardizer values = saved.containsKey(TARGET_SCALING)
                ? Standardizer.fromJson(saved.get(TARGET_SCALING), "the checkpoint")
                : Standardizer.fit(numbers(lines.parts().train()));
        return new ValueTask(inputs, values, dataset(lines.parts().train(), inputs, values),
                dataset(lines.parts().heldOut(), inputs, values), in.header(), HeldOut.describe(in, false));
    }

    private static double[][] numbers(List<TsvPairs.Pair> pairs) {
        double[][] out = new double[pairs.size()][];
        for (int i = 0; i < out.length; i++) {
            String v = pairs.get(i).first().strip();
            if (!CsvTable.isNumber(v)) {
                throw new DataException(pairs.get(i).where() + ": `" + v + "` is not a finite number; expected `" + FORM + "`");
            }
            out[i] = new double[] {Double.parseDouble(v)};
        }
        return out;
    }

    private static SequenceDataset dataset(List<TsvPairs.Pair> pairs, SequenceEncoding inputs, Standardizer values) {
        if (pairs.isEmpty()) {
            return null;
        }
        List<double[][]> x = new ArrayList<>();
        for (TsvPairs.Pair p : pairs) {
            x.add(inputs.encode(p.second(), p.where()));
        }
        return SequenceDataset.sequenceValues(x, java.util.Arrays.asList(values.apply(numbers(pairs))));
    }

    @Override
    public int inputSize() {
        return inputs.size();
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
        return Pooling.LAST;
    }

    @Override
    public String describeData() {
        return String.format(Locale.ROOT, "data: %d sequences to train on, %d held out (%s); %s; values: mean %.4g, "
                        + "standard deviation %.4g", train.size(), heldOut == null ? 0 : heldOut.size(), heldOutFrom,
                inputs.describe(), values.mean(0), values.scale(0));
    }

    @Override
    public StepSource training(int batch, int steps, int bptt, long seed) {
        return new ShuffledBatches(train, batch, seed);
    }

    /**
     * The loss on standardised values, the mean squared error in the values' units, and that of
     * always answering the training values' mean (on standardised values, 0).
     */
    @Override
    public Metrics evaluate(Learner learner, int batch, int steps) {
        Model model = (Model) learner;
        if (heldOut == null) {
            return Metrics.none();
        }
        double loss = 0;
        double baseline = 0;
        for (Batch b : ShuffledBatches.inOrder(heldOut, batch)) {
            loss += model.loss(model.forward(b, States.zero(), false), b, Reduction.MEAN).value() * b.size();
            for (double[] y : ((Targets.SequenceValues) b.targets()).values()) {
                baseline += y[0] * y[0];
            }
        }
        double scale2 = values.scale(0) * values.scale(0);
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("loss", loss / heldOut.size());
        m.put("mse", loss / heldOut.size() * scale2);
        m.put("mean_baseline_mse", baseline / heldOut.size() * scale2);
        m.put("sequences", (double) heldOut.size());
        return new Metrics(m);
    }

    @Override
    public String describe(Metrics m) {
        return String.format(Locale.ROOT, "mean squared error %.6g (always answering the training mean %.4g: %.6g) on %d "
                + "sequences", m.get("mse"), values.mean(0), m.get("mean_baseline_mse"), (long) m.get("sequences"));
    }

    @Override
    public String metric() {
        return "mse";
    }

    @Override
    public Baseline baseline() {
        return new Baseline("mean_baseline_mse", "always the training mean");
    }

    @Override
    public boolean higherIsBetter() {
        return false;
    }

    /** For each sequence of {@code file} (alone, or {@code value<TAB>sequence} whose value is ignored): the predicted value. */
    @Override
    public void predict(Learner learner, TaskInput.Text file, int batch, int steps, PrintWriter out, PrintWriter err) {
        new ValuePredictor((Model) learner, inputs, values, header).predict(file.name(), file.text(), batch, out, err);
    }

    @Override
    public Map<String, String> encoders() {
        Map<String, String> m = new LinkedHashMap<>(inputs.encoders(KEYS));
        m.put(TARGET_SCALING, values.toJson());
        return m;
    }
}
