package io.rnnc.cli;

import io.rnnc.runtime.data.Batch;
import io.rnnc.runtime.data.LabelEncoder;
import io.rnnc.runtime.data.SequenceDataset;
import io.rnnc.runtime.data.SequenceEncoding;
import io.rnnc.runtime.data.Targets;
import io.rnnc.runtime.data.TsvPairs;
import io.rnnc.runtime.layer.Pooling;
import io.rnnc.runtime.layer.Sampler;
import io.rnnc.runtime.loss.Reduction;
import io.rnnc.runtime.predict.ClassPredictor;
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
import java.util.Map;

/**
 * Sequence classification from a TSV file of {@code label<TAB>sequence} lines: the sequence, text
 * one-hot by character (or word) or numbers, is read by the model and the head classifies its
 * last valid step. Every tenth line is held out (or a file of its own); accuracy is reported
 * beside always answering the commonest label.
 */
final class ClassifyTask implements Task {
    private static final String LABELS = ClassPredictor.LABELS;
    private static final SequenceEncoding.Keys KEYS = ClassPredictor.KEYS;
    private static final String FORM = ClassPredictor.FORM;

    private final SequenceEncoding inputs;
    private final LabelEncoder labels;
    private final SequenceDataset train;
    private final SequenceDataset heldOut;
    private final TsvPairs.Header header;
    private final String heldOutFrom;

    private ClassifyTask(SequenceEncoding inputs, LabelEncoder labels, SequenceDataset train, SequenceDataset heldOut,
                         TsvPairs.Header header, String heldOutFrom) {
        this.inputs = inputs;
        this.labels = labels;
        this.train = train;
        this.heldOut = heldOut;
        this.header = header;
        this.heldOutFrom = heldOutFrom;
    }

    /**
     * The task on {@code in}, with the saved reading of sequences and labels or, for a new run,
     * those of every line read (held-out lines included, so that they can be encoded).
     */
    static ClassifyTask read(TaskInput in, Map<String, String> saved, PrintWriter err) {
        LabelledLines lines = LabelledLines.read(in, FORM, true, err);
        SequenceEncoding inputs = SequenceInputs.of(LabelledLines.seconds(lines.all()), LabelledLines.seconds(lines.parts().train()),
                in.inputs(), in.level(), saved, KEYS, err);
        LabelEncoder labels = saved.containsKey(LABELS) ? LabelEncoder.fromJson(saved.get(LABELS), "the checkpoint")
                : LabelEncoder.fit(lines.all().stream().map(TsvPairs.Pair::first).toList());
        return new ClassifyTask(inputs, labels, dataset(lines.parts().train(), inputs, labels),
                dataset(lines.parts().heldOut(), inputs, labels), in.header(), HeldOut.describe(in, false));
    }

    private static SequenceDataset dataset(List<TsvPairs.Pair> rows, SequenceEncoding inputs, LabelEncoder labels) {
        if (rows.isEmpty()) {
            return null;
        }
        List<double[][]> x = new ArrayList<>();
        List<Integer> y = new ArrayList<>();
        for (TsvPairs.Pair r : rows) {
            x.add(inputs.encode(r.second(), r.where()));
            y.add(labels.encode(r.first(), r.where()));
        }
        return SequenceDataset.sequenceClasses(x, y);
    }

    @Override
    public int inputSize() {
        return inputs.size();
    }

    @Override
    public Model.Head head() {
        return Model.Head.SOFTMAX;
    }

    @Override
    public int outputSize() {
        return labels.size();
    }

    @Override
    public Pooling pooling() {
        return Pooling.LAST;
    }

    /** The lines trained on and held out, and how many of the training lines each class has. */
    @Override
    public String describeData() {
        int[] counts = counts(train);
        List<String> classes = new ArrayList<>();
        for (int c = 0; c < labels.size(); c++) {
            classes.add(labels.decode(c) + " " + counts[c]);
        }
        return String.format("data: %d lines to train on, %d held out (%s); classes: %s; read as %s", train.size(),
                heldOut == null ? 0 : heldOut.size(), heldOutFrom, String.join(", ", classes), inputs.describe());
    }

    private int[] counts(SequenceDataset data) {
        int[] counts = new int[labels.size()];
        if (data != null) {
            for (Batch b : ShuffledBatches.inOrder(data, 256)) {
                for (int id : ((Targets.SequenceClasses) b.targets()).ids()) {
                    counts[id]++;
                }
            }
        }
        return counts;
    }

    @Override
    public StepSource training(int batch, int steps, int bptt, long seed) {
        return new ShuffledBatches(train, batch, seed);
    }

    @Override
    public Metrics evaluate(Learner learner, int batch, int steps) {
        Model model = (Model) learner;
        if (heldOut == null) {
            return Metrics.none();
        }
        int correct = 0;
        double loss = 0;
        for (Batch b : ShuffledBatches.inOrder(heldOut, batch)) {
            Model.Output out = model.forward(b, States.zero(), false);
            loss += model.loss(out, b, Reduction.MEAN).value() * b.size();
            int[] truth = ((Targets.SequenceClasses) b.targets()).ids();
            for (int i = 0; i < truth.length; i++) {
                correct += Sampler.argmax(out.sequences()[i]) == truth[i] ? 1 : 0;
            }
        }
        int commonest = Arrays.stream(counts(heldOut)).max().orElse(0);
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("loss", loss / heldOut.size());
        m.put("accuracy", (double) correct / heldOut.size());
        m.put("commonest_label_accuracy", (double) commonest / heldOut.size());
        m.put("sequences", (double) heldOut.size());
        return new Metrics(m);
    }

    @Override
    public String describe(Metrics m) {
        return String.format("loss %.4f, accuracy %.3f (commonest label alone: %.3f) on %d sequences",
                m.get("loss"), m.get("accuracy"), m.get("commonest_label_accuracy"), (long) m.get("sequences"));
    }

    /**
     * For each line of {@code file} (a text, or {@code label<TAB>text} whose label is ignored): the
     * likeliest class, each class's probability, and the text.
     */
    @Override
    public void predict(Learner learner, TaskInput.Text file, int batch, int steps, PrintWriter out, PrintWriter err) {
        new ClassPredictor((Model) learner, inputs, labels, header).predict(file.name(), file.text(), batch, out, err);
    }

    @Override
    public String metric() {
        return "accuracy";
    }

    @Override
    public Baseline baseline() {
        return new Baseline("commonest_label_accuracy", "always the commonest label");
    }

    @Override
    public Map<String, String> encoders() {
        Map<String, String> m = new LinkedHashMap<>(inputs.encoders(KEYS));
        m.put(LABELS, labels.toJson());
        return m;
    }
}
