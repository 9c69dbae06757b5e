package io.rnnc.cli;

import io.rnnc.runtime.data.Batch;
import io.rnnc.runtime.data.DataException;
import io.rnnc.runtime.data.LabelEncoder;
import io.rnnc.runtime.data.SequenceDataset;
import io.rnnc.runtime.data.SequenceEncoding;
import io.rnnc.runtime.data.Targets;
import io.rnnc.runtime.data.TsvPairs;
import io.rnnc.runtime.data.Vocabulary;
import io.rnnc.runtime.layer.Pooling;
import io.rnnc.runtime.layer.Sampler;
import io.rnnc.runtime.loss.Reduction;
import io.rnnc.runtime.predict.TagPredictor;
import io.rnnc.runtime.train.Learner;
import io.rnnc.runtime.train.Metrics;
import io.rnnc.runtime.train.Model;
import io.rnnc.runtime.train.ShuffledBatches;
import io.rnnc.runtime.train.States;
import io.rnnc.runtime.train.StepSource;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Tagging (seed 004's named-entity recognition) from a TSV file of {@code tokens<TAB>tags} lines: a
 * tag for every token, both separated by spaces. The model reads the tokens (words, one-hot,
 * or numbers) and a softmax head tags every step; since the tags are not inputs, a
 * bidirectional model may read the whole sentence before tagging a word. Reported on the
 * held-out lines: accuracy over tokens and per tag, beside always answering the commonest tag
 * and answering each word's commonest training tag.
 */
final class TagTask implements Task {
    private static final String TAGS = TagPredictor.TAGS;
    private static final SequenceEncoding.Keys KEYS = TagPredictor.KEYS;
    private static final String FORM = TagPredictor.FORM;
    /** Metric names of the per-tag accuracies: this prefix and the tag. */
    static final String PER_TAG = "accuracy:";

    private final SequenceEncoding inputs;
    private final LabelEncoder tags;
    private final SequenceDataset train;
    private final SequenceDataset heldOut;
    private final List<List<String>> heldOutWords;
    private final Map<String, Integer> wordTags;
    private final TsvPairs.Header header;
    private final String heldOutFrom;

    private TagTask(SequenceEncoding inputs, LabelEncoder tags, SequenceDataset train, SequenceDataset heldOut,
                    List<List<String>> heldOutWords, Map<String, Integer> wordTags, TsvPairs.Header header,
                    String heldOutFrom) {
        this.inputs = inputs;
        this.tags = tags;
        this.train = train;
        this.heldOut = heldOut;
        this.heldOutWords = heldOutWords;
        this.wordTags = wordTags;
        this.header = header;
        this.heldOutFrom = heldOutFrom;
    }

    /** The task on {@code in}: tokens read as words (or numbers), tags those of every line read or the saved run's. */
    static TagTask read(TaskInput in, Map<String, String> saved, PrintWriter err) {
        LabelledLines lines = LabelledLines.read(in, FORM, false, err);
        SequenceEncoding inputs = SequenceInputs.of(LabelledLines.firsts(lines.all()),
                LabelledLines.firsts(lines.parts().train()), in.inputs(), Vocabulary.Level.WORD, saved, KEYS, err);
        LabelEncoder tags = saved.containsKey(TAGS) ? LabelEncoder.fromJson(saved.get(TAGS), "the checkpoint")
                : LabelEncoder.fit(lines.all().stream().flatMap(p -> words(p.second()).stream()).toList());
        List<TsvPairs.Pair> heldOutLines = lines.parts().heldOut();
        return new TagTask(inputs, tags, dataset(lines.parts().train(), inputs, tags),
                dataset(heldOutLines, inputs, tags), heldOutLines.stream().map(p -> words(p.first())).toList(),
                wordTags(lines.parts().train(), tags), in.header(), HeldOut.describe(in, false));
    }

    private static List<String> words(String field) {
        return List.of(field.strip().split("\\s+"));
    }

    private static SequenceDataset dataset(List<TsvPairs.Pair> pairs, SequenceEncoding inputs, LabelEncoder tags) {
        if (pairs.isEmpty()) {
            return null;
        }
        List<double[][]> x = new ArrayList<>();
        List<int[]> y = new ArrayList<>();
        for (TsvPairs.Pair p : pairs) {
            double[][] steps = inputs.encode(p.first(), p.where());
            List<String> given = words(p.second());
            if (given.size() != steps.length) {
                throw new DataException(p.where() + ": has " + steps.length + " tokens but " + given.size() + " tags; "
                        + "expected a tag for every token, `" + FORM + "`");
            }
            x.add(steps);
            y.add(given.stream().mapToInt(t -> tags.encode(t, p.where())).toArray());
        }
        return SequenceDataset.stepClasses(x, y);
    }

    /** Each training word's commonest tag (ties to the first seen), the baseline a tagger without context reaches. */
    private static Map<String, Integer> wordTags(List<TsvPairs.Pair> pairs, LabelEncoder tags) {
        Map<String, int[]> counts = new HashMap<>();
        for (TsvPairs.Pair p : pairs) {
            List<String> w = words(p.first());
            List<String> t = words(p.second());
            for (int i = 0; i < Math.min(w.size(), t.size()); i++) {
                counts.computeIfAbsent(w.get(i), k -> new int[tags.size()])[tags.encode(t.get(i), p.where())]++;
            }
        }
        Map<String, Integer> best = new HashMap<>();
        counts.forEach((word, c) -> best.put(word, argmax(c)));
        return best;
    }

    private static int argmax(int[] counts) {
        int best = 0;
        for (int i = 1; i < counts.length; i++) {
            if (counts[i] > counts[best]) {
                best = i;
            }
        }
        return best;
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
        return tags.size();
    }

    @Override
    public Pooling pooling() {
        return null;
    }

    @Override
    public String describeData() {
        List<String> names = new ArrayList<>();
        for (int c = 0; c < tags.size(); c++) {
            names.add(tags.decode(c));
        }
        return String.format("data: %d sentences to train on, %d held out (%s); %s; tags: %s", train.size(),
                heldOut == null ? 0 : heldOut.size(), heldOutFrom, inputs.describe(), String.join(", ", names));
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
        int[] seen = new int[tags.size()];
        int[] right = new int[tags.size()];
        int byWord = 0;
        int fallback = commonest();
        double loss = 0;
        int tokens = 0;
        int sentence = 0;
        for (Batch b : ShuffledBatches.inOrder(heldOut, batch)) {
            Model.Output out = model.forward(b, States.zero(), false);
            int n = Arrays.stream(b.lengths()).sum();
            loss += model.loss(out, b, Reduction.MEAN).value() * n;
            tokens += n;
            int[][] truth = ((Targets.StepClasses) b.targets()).ids();
            for (int i = 0; i < b.size(); i++, sentence++) {
                List<String> words = heldOutWords.get(sentence);
                for (int t = 0; t < b.lengths()[i]; t++) {
                    int gold = truth[t][i];
                    seen[gold]++;
                    right[gold] += Sampler.argmax(out.steps()[t][i]) == gold ? 1 : 0;
                    byWord += inputs.text() && wordTags.getOrDefault(words.get(t), fallback) == gold ? 1 : 0;
                }
            }
        }
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("loss", loss / tokens);
        m.put("accuracy", (double) Arrays.stream(right).sum() / tokens);
        m.put("commonest_tag_accuracy", (double) Arrays.stream(seen).max().orElse(0) / tokens);
        if (inputs.text()) {
            m.put("word_tag_accuracy", (double) byWord / tokens);
        }
        m.put("tokens", (double) tokens);
        for (int c = 0; c < tags.size(); c++) {
            if (seen[c] > 0) {
                m.put(PER_TAG + tags.decode(c), (double) right[c] / seen[c]);
                m.put("count:" + tags.decode(c), (double) seen[c]);
            }
        }
        return new Metrics(m);
    }

    /** The commonest tag of the training data. */
    private int commonest() {
        int[] counts = new int[tags.size()];
        for (Batch b : ShuffledBatches.inOrder(train, 256)) {
            int[][] ids = ((Targets.StepClasses) b.targets()).ids();
            for (int[] row : ids) {
                for (int id : row) {
                    if (id >= 0) {
                        counts[id]++;
                    }
                }
            }
        }
        return argmax(counts);
    }

    @Override
    public String describe(Metrics m) {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT,
                "loss %.4f, accuracy %.3f over %d tokens (commonest tag alone: %.3f", m.get("loss"), m.get("accuracy"),
                (long) m.get("tokens"), m.get("commonest_tag_accuracy")));
        if (m.values().containsKey("word_tag_accuracy")) {
            s.append(String.format(Locale.ROOT, "; each word's commonest training tag: %.3f", m.get("word_tag_accuracy")));
        }
        s.append("); per tag:");
        m.values().forEach((name, v) -> {
            if (name.startsWith(PER_TAG)) {
                String tag = name.substring(PER_TAG.length());
                s.append(String.format(Locale.ROOT, " %s %.3f (%d)", tag, v, (long) m.get("count:" + tag)));
            }
        });
        return s.toString();
    }

    @Override
    public String metric() {
        return "accuracy";
    }

    @Override
    public Baseline baseline() {
        return new Baseline("commonest_tag_accuracy", "always the commonest tag");
    }

    /** For each line of {@code file} (tokens, or {@code tokens<TAB>tags} whose tags are ignored): the tokens and their tags. */
    @Override
    public void predict(Learner learner, TaskInput.Text file, int batch, int steps, PrintWriter out, PrintWriter err) {
        new TagPredictor((Model) learner, inputs, tags, header).predict(file.name(), file.text(), batch, out, err);
    }

    @Override
    public Map<String, String> encoders() {
        Map<String, String> m = new LinkedHashMap<>(inputs.encoders(KEYS));
        m.put(TAGS, tags.toJson());
        return m;
    }
}
