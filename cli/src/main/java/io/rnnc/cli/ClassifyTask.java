package io.rnnc.cli;

import io.rnnc.runtime.data.Batch;
import io.rnnc.runtime.data.LabelEncoder;
import io.rnnc.runtime.data.OneHot;
import io.rnnc.runtime.data.SequenceDataset;
import io.rnnc.runtime.data.Targets;
import io.rnnc.runtime.data.Vocabulary;
import io.rnnc.runtime.layer.Pooling;
import io.rnnc.runtime.layer.Sampler;
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
 * Sequence classification from a TSV file of `label<TAB>text` lines: the text, one-hot by
 * character, is read by the model and the head classifies its last valid step. Every tenth
 * line is held out; accuracy is reported beside always answering the commonest label.
 */
final class ClassifyTask implements Task {
    static final String LABELS = "labels";

    private final Vocabulary characters;
    private final LabelEncoder labels;
    private final SequenceDataset train;
    private final SequenceDataset heldOut;

    private ClassifyTask(Vocabulary characters, LabelEncoder labels, SequenceDataset train, SequenceDataset heldOut) {
        this.characters = characters;
        this.labels = labels;
        this.train = train;
        this.heldOut = heldOut;
    }

    static ClassifyTask read(String text, String where, Map<String, String> saved) {
        List<String[]> rows = TsvPairs.read(text, where, "label<TAB>text");
        StringBuilder all = new StringBuilder();
        rows.forEach(r -> all.append(r[1]));
        Vocabulary chars = saved.containsKey(LanguageModelTask.VOCABULARY)
                ? Vocabulary.fromJson(saved.get(LanguageModelTask.VOCABULARY), "the checkpoint")
                : Vocabulary.of(all.toString(), Vocabulary.Level.CHARACTER);
        LabelEncoder labels = saved.containsKey(LABELS) ? LabelEncoder.fromJson(saved.get(LABELS), "the checkpoint")
                : LabelEncoder.fit(rows.stream().map(r -> r[0]).toList());
        List<double[][]> trainX = new ArrayList<>();
        List<Integer> trainY = new ArrayList<>();
        List<double[][]> testX = new ArrayList<>();
        List<Integer> testY = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            int label = labels.encode(rows.get(i)[0], where);
            double[][] x = OneHot.sequence(chars.encode(rows.get(i)[1], where), chars.size());
            (i % 10 == 9 ? testX : trainX).add(x);
            (i % 10 == 9 ? testY : trainY).add(label);
        }
        return new ClassifyTask(chars, labels, SequenceDataset.sequenceClasses(trainX, trainY),
                testX.isEmpty() ? null : SequenceDataset.sequenceClasses(testX, testY));
    }

    @Override
    public int inputSize() {
        return characters.size();
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
        int[] counts = new int[labels.size()];
        for (Batch b : ShuffledBatches.inOrder(heldOut, batch)) {
            Model.Output out = model.forward(b, States.zero(), false);
            loss += model.loss(out, b, io.rnnc.runtime.loss.Reduction.MEAN).value() * b.size();
            int[] truth = ((Targets.SequenceClasses) b.targets()).ids();
            for (int i = 0; i < truth.length; i++) {
                correct += Sampler.argmax(out.sequences()[i]) == truth[i] ? 1 : 0;
                counts[truth[i]]++;
            }
        }
        int commonest = Arrays.stream(counts).max().orElse(0);
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("loss", loss / heldOut.size());
        m.put("accuracy", (double) correct / heldOut.size());
        m.put("commonest_label_accuracy", (double) commonest / heldOut.size());
        m.put("sequences", (double) heldOut.size());
        return new Metrics(m);
    }

    @Override
    public String describe(Metrics m) {
        if (m.isEmpty()) {
            return "no held-out lines";
        }
        return String.format("held-out loss %.4f, accuracy %.3f (commonest label alone: %.3f) on %d sequences",
                m.get("loss"), m.get("accuracy"), m.get("commonest_label_accuracy"), (long) m.get("sequences"));
    }

    @Override
    public Map<String, String> encoders() {
        return Map.of(LanguageModelTask.VOCABULARY, characters.toJson(), LABELS, labels.toJson());
    }
}
