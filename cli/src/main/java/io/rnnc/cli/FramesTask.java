package io.rnnc.cli;

import com.google.gson.Gson;
import com.google.gson.JsonParseException;
import io.rnnc.compiler.model.RunConfig;
import io.rnnc.runtime.data.Batch;
import io.rnnc.runtime.data.DataException;
import io.rnnc.runtime.data.FrameSequences;
import io.rnnc.runtime.data.SequenceDataset;
import io.rnnc.runtime.data.Targets;
import io.rnnc.runtime.layer.FrameShape;
import io.rnnc.runtime.layer.Pooling;
import io.rnnc.runtime.layer.Sampler;
import io.rnnc.runtime.loss.Reduction;
import io.rnnc.runtime.loss.SoftmaxCrossEntropy;
import io.rnnc.runtime.predict.TsvFields;
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
import java.util.stream.IntStream;

/**
 * Image sequences (`--frames HxWxC`): a class per sequence (`--task classify`, the head reads
 * the last valid step, or `--pool`) or a class per frame (`--task tag`), from the files
 * {@link FrameSequences} reads. Every tenth sequence is held out (or a file of its own); accuracy
 * is reported beside always answering the commonest class.
 */
final class FramesTask implements Task {
    static final String CLASSES = "frame_classes";

    private final FrameShape shape;
    private final boolean perFrame;
    private final List<String> classes;
    private final SequenceDataset train;
    private final SequenceDataset heldOut;
    private final String heldOutFrom;

    private FramesTask(FrameShape shape, boolean perFrame, List<String> classes, SequenceDataset train,
                       SequenceDataset heldOut, String heldOutFrom) {
        this.shape = shape;
        this.perFrame = perFrame;
        this.classes = classes;
        this.train = train;
        this.heldOut = heldOut;
        this.heldOutFrom = heldOutFrom;
    }

    /**
     * The task on {@code in}, with the saved class names or, for a new run, those of the
     * training data.
     */
    static FramesTask read(RunConfig.Data data, TaskInput in, Map<String, String> saved) {
        FrameShape shape = FrameShape.parse(data.frames());
        boolean perFrame = data.task().equals("tag");
        FrameSequences trained = in.train() == null ? null : sequences(in.train(), shape, perFrame);
        FrameSequences valid = in.heldOut() == null ? null : sequences(in.heldOut(), shape, perFrame);
        List<String> classes = saved.containsKey(CLASSES) ? savedClasses(saved.get(CLASSES))
                : trained != null ? trained.classes() : valid.classes();
        if (trained != null) {
            checkClasses(trained, in.train().name(), classes);
        }
        if (valid != null) {
            checkClasses(valid, in.heldOut().name(), classes);
        }
        SequenceDataset train = null;
        SequenceDataset heldOut = valid == null ? null : valid.dataset();
        if (trained != null && valid == null) {
            HeldOut.Parts<Integer> parts = HeldOut.lines(IntStream.range(0, trained.sequences().size()).boxed().toList(),
                    in.split());
            train = subset(trained, parts.train());
            heldOut = subset(trained, parts.heldOut());
        } else if (trained != null) {
            train = trained.dataset();
        }
        return new FramesTask(shape, perFrame, classes, train, heldOut, HeldOut.describe(in, false));
    }

    private static FrameSequences sequences(TaskInput.Text file, FrameShape shape, boolean perFrame) {
        FrameSequences s = FrameSequences.read(file.path());
        if (!s.shape().equals(shape)) {
            throw new DataException(file.name() + ": holds frames of " + s.shape() + " but --frames says " + shape);
        }
        if (s.perFrame() != perFrame) {
            throw new DataException(file.name() + (s.perFrame()
                    ? ": has a class for every frame; train it with --task tag"
                    : ": has one class per sequence; train it with --task classify"));
        }
        return s;
    }

    private static List<String> savedClasses(String json) {
        try {
            String[] names = new Gson().fromJson(json, String[].class);
            if (names != null && names.length > 0) {
                return List.of(names);
            }
        } catch (JsonParseException e) {
            // Reported below.
        }
        throw new DataException("the checkpoint's class names are not a list of names");
    }

    /** Every label of {@code s} must be one of {@code classes}, under the same name. */
    private static void checkClasses(FrameSequences s, String where, List<String> classes) {
        List<String> own = s.classes();
        for (int c = 0; c < own.size(); c++) {
            if (c >= classes.size() || !own.get(c).equals(classes.get(c))) {
                throw new DataException(where + ": has class " + own.get(c) + " (number " + c
                        + "), which the model does not know; its classes are " + String.join(", ", classes));
            }
        }
    }

    private static SequenceDataset subset(FrameSequences s, List<Integer> rows) {
        if (rows.isEmpty()) {
            return null;
        }
        return new FrameSequences(s.shape(), rows.stream().map(s.sequences()::get).toList(),
                rows.stream().map(s.labels()::get).toList(), s.perFrame(), s.classes()).dataset();
    }

    @Override
    public int inputSize() {
        return shape.size();
    }

    @Override
    public Model.Head head() {
        return Model.Head.SOFTMAX;
    }

    @Override
    public int outputSize() {
        return classes.size();
    }

    @Override
    public Pooling pooling() {
        return perFrame ? null : Pooling.LAST;
    }

    /** The sequences trained on and held out, the frames, and how many of the training sequences each class has. */
    @Override
    public String describeData() {
        int[] counts = counts(train);
        List<String> perClass = new ArrayList<>();
        for (int c = 0; c < classes.size(); c++) {
            perClass.add(classes.get(c) + " " + counts[c]);
        }
        return String.format("data: %d sequences of %s frames to train on, %d held out (%s); classes%s: %s",
                train == null ? 0 : train.size(), shape, heldOut == null ? 0 : heldOut.size(), heldOutFrom,
                perFrame ? " (frames)" : "", String.join(", ", perClass));
    }

    /** How many sequences (or frames, tagging) of each class. */
    private int[] counts(SequenceDataset data) {
        int[] counts = new int[classes.size()];
        if (data != null) {
            for (Batch b : ShuffledBatches.inOrder(data, 256)) {
                for (int id : truth(b)) {
                    if (id >= 0) {
                        counts[id]++;
                    }
                }
            }
        }
        return counts;
    }

    /** The classes of a batch: per sequence, or per frame in time-major order with −1 at padding. */
    private int[] truth(Batch b) {
        if (perFrame) {
            return Arrays.stream(((Targets.StepClasses) b.targets()).ids()).flatMapToInt(Arrays::stream).toArray();
        }
        return ((Targets.SequenceClasses) b.targets()).ids();
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
        int counted = 0;
        double loss = 0;
        for (Batch b : ShuffledBatches.inOrder(heldOut, batch)) {
            Model.Output out = model.forward(b, States.zero(), false);
            loss += model.loss(out, b, Reduction.MEAN).value() * b.size();
            double[][] predicted = logits(out);
            int[] truth = truth(b);
            for (int i = 0; i < truth.length; i++) {
                if (truth[i] >= 0) {
                    correct += Sampler.argmax(predicted[i]) == truth[i] ? 1 : 0;
                    counted++;
                }
            }
        }
        int commonest = Arrays.stream(counts(heldOut)).max().orElse(0);
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("loss", loss / heldOut.size());
        m.put("accuracy", (double) correct / counted);
        m.put("commonest_label_accuracy", (double) commonest / counted);
        m.put(perFrame ? "frames" : "sequences", (double) counted);
        return new Metrics(m);
    }

    /** The head's outputs in the order of {@link #truth}. */
    private double[][] logits(Model.Output out) {
        if (!perFrame) {
            return out.sequences();
        }
        return Arrays.stream(out.steps()).flatMap(Arrays::stream).toArray(double[][]::new);
    }

    @Override
    public String describe(Metrics m) {
        String unit = perFrame ? "frames" : "sequences";
        return String.format("loss %.4f, accuracy %.3f (commonest label alone: %.3f) on %d %s", m.get("loss"),
                m.get("accuracy"), m.get("commonest_label_accuracy"), (long) m.get(unit), unit);
    }

    /**
     * For each sequence of {@code file} (in the training format; its labels are not used), or
     * each of its frames when tagging: the likeliest class and each class's probability.
     */
    @Override
    public void predict(Learner learner, TaskInput.Text file, int batch, int steps, PrintWriter out, PrintWriter err) {
        Model model = (Model) learner;
        SequenceDataset data = sequences(file, shape, perFrame).dataset();
        List<String> head = new ArrayList<>(perFrame ? List.of("sequence", "frame", "class") : List.of("sequence", "class"));
        classes.forEach(c -> head.add("p(" + TsvFields.escape(c) + ")"));
        out.println(String.join("\t", head));
        for (int from = 0; from < data.size(); from += batch) {
            int[] rows = IntStream.range(from, Math.min(data.size(), from + batch)).toArray();
            Batch b = data.batch(rows);
            Model.Output o = model.forward(b, States.zero(), false);
            for (int i = 0; i < rows.length; i++) {
                if (perFrame) {
                    for (int t = 0; t < b.lengths()[i]; t++) {
                        out.println(rows[i] + "\t" + t + "\t" + line(o.steps()[t][i]));
                    }
                } else {
                    out.println(rows[i] + "\t" + line(o.sequences()[i]));
                }
            }
        }
    }

    /** The likeliest class and each class's probability, tab-separated. */
    private String line(double[] logits) {
        StringBuilder s = new StringBuilder(TsvFields.escape(classes.get(Sampler.argmax(logits))));
        for (double p : SoftmaxCrossEntropy.softmax(logits)) {
            s.append('\t').append(String.format(Locale.ROOT, "%.4f", p));
        }
        return s.toString();
    }

    @Override
    public String metric() {
        return "accuracy";
    }

    @Override
    public Baseline baseline() {
        return new Baseline("commonest_label_accuracy", "always the commonest class");
    }

    @Override
    public Map<String, String> encoders() {
        return Map.of(CLASSES, new Gson().toJson(classes));
    }
}
