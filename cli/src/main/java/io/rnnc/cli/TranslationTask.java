package io.rnnc.cli;

import io.rnnc.compiler.check.TypedCell;
import io.rnnc.compiler.model.ModelSpec;
import io.rnnc.compiler.model.Models;
import io.rnnc.runtime.data.Batch;
import io.rnnc.runtime.data.SequenceDataset;
import io.rnnc.runtime.data.SequenceEncoding;
import io.rnnc.runtime.data.TsvPairs;
import io.rnnc.runtime.data.Vocabulary;
import io.rnnc.runtime.kernels.WorkerPool;
import io.rnnc.runtime.layer.Pooling;
import io.rnnc.runtime.loss.Reduction;
import io.rnnc.runtime.predict.TranslationPredictor;
import io.rnnc.runtime.train.EncoderDecoder;
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
 * Sequence to sequence from a TSV file of {@code source<TAB>target} lines, by character: an
 * encoder-decoder trained with teacher forcing. Every tenth line is held out (or a file of its
 * own); the report gives how many held-out targets greedy decoding reproduces exactly.
 */
final class TranslationTask implements Task {
    private static final String TARGET = TranslationPredictor.TARGET;
    private static final SequenceEncoding.Keys KEYS = TranslationPredictor.KEYS;
    private static final String FORM = TranslationPredictor.FORM;

    private final SequenceEncoding source;
    private final Vocabulary target;
    private final SequenceDataset train;
    private final SequenceDataset heldOut;
    private final TsvPairs.Header header;
    private final String heldOutFrom;

    private TranslationTask(SequenceEncoding source, Vocabulary target, SequenceDataset train, SequenceDataset heldOut,
                            TsvPairs.Header header, String heldOutFrom) {
        this.source = source;
        this.target = target;
        this.train = train;
        this.heldOut = heldOut;
        this.header = header;
        this.heldOutFrom = heldOutFrom;
    }

    /**
     * The task on {@code in}, with the saved readings of sources and targets or, for a new run,
     * those of every line read: sources as text (by character or word) or numbers, targets by character.
     */
    static TranslationTask read(TaskInput in, Map<String, String> saved, PrintWriter err) {
        LabelledLines lines = LabelledLines.read(in, FORM, false, err);
        SequenceEncoding src = SequenceInputs.of(LabelledLines.firsts(lines.all()), LabelledLines.firsts(lines.parts().train()),
                in.inputs(), in.level(), saved, KEYS, err);
        Vocabulary tgt = saved.containsKey(TARGET) ? Vocabulary.fromJson(saved.get(TARGET), "the checkpoint")
                : Vocabulary.of(String.join("", lines.all().stream().map(TsvPairs.Pair::second).toList()),
                        Vocabulary.Level.CHARACTER);
        return new TranslationTask(src, tgt, dataset(lines.parts().train(), src, tgt),
                dataset(lines.parts().heldOut(), src, tgt), in.header(), HeldOut.describe(in, false));
    }

    private static SequenceDataset dataset(List<TsvPairs.Pair> pairs, SequenceEncoding src, Vocabulary tgt) {
        if (pairs.isEmpty()) {
            return null;
        }
        List<double[][]> x = new ArrayList<>();
        List<int[]> y = new ArrayList<>();
        for (TsvPairs.Pair p : pairs) {
            x.add(src.encode(p.first(), p.where()));
            y.add(tgt.encode(p.second(), p.where()));
        }
        return SequenceDataset.translations(x, y, tgt.size());
    }

    @Override
    public int inputSize() {
        return target.size() + 2;
    }

    @Override
    public Model.Head head() {
        return Model.Head.SOFTMAX;
    }

    @Override
    public int outputSize() {
        return target.size() + 2;
    }

    @Override
    public Pooling pooling() {
        return null;
    }

    /** The encoder runs both ways; the decoder generates forwards. */
    @Override
    public boolean bidirectionalOutput() {
        return false;
    }

    @Override
    public Learner learner(TypedCell cell, ModelSpec spec, long seed, WorkerPool pool) {
        return Models.encoderDecoder(cell, source.size(), spec, seed, pool);
    }

    @Override
    public String describeData() {
        return String.format("data: %d pairs to train on, %d held out (%s); sources: %s", train == null ? 0 : train.size(),
                heldOut == null ? 0 : heldOut.size(), heldOutFrom, source.describe());
    }

    @Override
    public StepSource training(int batch, int steps, int bptt, long seed) {
        return new ShuffledBatches(train, batch, seed);
    }

    @Override
    public Metrics evaluate(Learner learner, int batch, int steps) {
        if (heldOut == null) {
            return Metrics.none();
        }
        EncoderDecoder model = (EncoderDecoder) learner;
        double loss = 0;
        for (Batch b : ShuffledBatches.inOrder(heldOut, batch)) {
            loss += model.loss(b, States.zero(), Reduction.MEAN) * b.size();
        }
        int exact = 0;
        for (int i = 0; i < heldOut.size(); i++) {
            Batch one = heldOut.batch(new int[] {i});
            double[][] x = new double[one.lengths()[0]][];
            for (int t = 0; t < x.length; t++) {
                x[t] = one.x()[t][0];
            }
            int[] expected = expected(one);
            exact += Arrays.equals(expected, decode(model, x, expected.length)) ? 1 : 0;
        }
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("loss", loss / heldOut.size());
        m.put("exact_match", (double) exact / heldOut.size());
        m.put("exact_count", (double) exact);
        m.put("pairs", (double) heldOut.size());
        return new Metrics(m);
    }

    @Override
    public String describe(Metrics m) {
        return String.format(java.util.Locale.ROOT, "loss %.4f, %d of %d targets decoded exactly (exact match %.3f)",
                m.get("loss"), (long) m.get("exact_count"), (long) m.get("pairs"), m.get("exact_match"));
    }

    private int[] decode(EncoderDecoder model, double[][] x, int expectedLength) {
        return TranslationPredictor.decode(model, target, x, expectedLength);
    }

    /** For each line of {@code file} (a source, or {@code source<TAB>target} whose target is ignored): the source and its greedy decoding. */
    @Override
    public void predict(Learner learner, TaskInput.Text file, int batch, int steps, PrintWriter out, PrintWriter err) {
        new TranslationPredictor((EncoderDecoder) learner, source, target, header).predict(file.name(), file.text(), batch,
                out, err);
    }

    private int[] expected(Batch one) {
        int[][] ids = ((io.rnnc.runtime.data.Targets.Decoded) one.targets()).ids();
        return Arrays.stream(ids).mapToInt(row -> row[0]).filter(id -> id >= 0 && id < target.size()).toArray();
    }

    @Override
    public String metric() {
        return "exact_match";
    }

    @Override
    public Map<String, String> encoders() {
        Map<String, String> m = new LinkedHashMap<>(source.encoders(KEYS));
        m.put(TARGET, target.toJson());
        return m;
    }
}
