package io.rnnc.cli;

import io.rnnc.compiler.backend.Backend;
import io.rnnc.compiler.check.TypedCell;
import io.rnnc.compiler.model.ModelSpec;
import io.rnnc.compiler.model.Models;
import io.rnnc.runtime.data.Batch;
import io.rnnc.runtime.data.OneHot;
import io.rnnc.runtime.data.SequenceDataset;
import io.rnnc.runtime.data.Vocabulary;
import io.rnnc.runtime.layer.Pooling;
import io.rnnc.runtime.loss.Reduction;
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
 * Sequence to sequence from a TSV file of `source<TAB>target` lines, by character: an
 * encoder-decoder trained with teacher forcing. Every tenth line is held out (or a file of its
 * own); the report gives how many held-out targets greedy decoding reproduces exactly.
 */
final class TranslationTask implements Task {
    static final String SOURCE = "source_vocabulary";
    static final String TARGET = "target_vocabulary";
    private static final String FORM = "source<TAB>target";

    private final Vocabulary source;
    private final Vocabulary target;
    private final SequenceDataset train;
    private final SequenceDataset heldOut;
    private final TaskInput.Header header;
    private final String heldOutFrom;

    private TranslationTask(Vocabulary source, Vocabulary target, SequenceDataset train, SequenceDataset heldOut,
                            TaskInput.Header header, String heldOutFrom) {
        this.source = source;
        this.target = target;
        this.train = train;
        this.heldOut = heldOut;
        this.header = header;
        this.heldOutFrom = heldOutFrom;
    }

    /** The task on {@code in}, with the saved vocabularies or, for a new run, those of every line read. */
    static TranslationTask read(TaskInput in, Map<String, String> saved, PrintWriter err) {
        List<String[]> trained = in.train() == null ? List.of() : TsvPairs.read(in.train(), FORM, false, in.header(), 2, err);
        HeldOut.Parts<String[]> parts = in.heldOut() == null ? HeldOut.lines(trained, in.split())
                : new HeldOut.Parts<>(trained, TsvPairs.read(in.heldOut(), FORM, false, in.header(), 1, err));
        List<String[]> all = new ArrayList<>(trained);
        if (in.heldOut() != null) {
            all.addAll(parts.heldOut());
        }
        Vocabulary src = vocabulary(saved.get(SOURCE), all, 0);
        Vocabulary tgt = vocabulary(saved.get(TARGET), all, 1);
        String trainName = in.train() == null ? "" : in.train().name();
        String heldOutName = in.heldOut() == null ? trainName : in.heldOut().name();
        return new TranslationTask(src, tgt, dataset(parts.train(), src, tgt, trainName),
                dataset(parts.heldOut(), src, tgt, heldOutName), in.header(), HeldOut.describe(in, false));
    }

    private static SequenceDataset dataset(List<String[]> pairs, Vocabulary src, Vocabulary tgt, String where) {
        if (pairs.isEmpty()) {
            return null;
        }
        List<double[][]> x = new ArrayList<>();
        List<int[]> y = new ArrayList<>();
        for (String[] p : pairs) {
            String line = where + ":" + p[2];
            x.add(OneHot.sequence(src.encode(p[0], line), src.size()));
            y.add(tgt.encode(p[1], line));
        }
        return SequenceDataset.translations(x, y, tgt.size());
    }

    private static Vocabulary vocabulary(String savedJson, List<String[]> pairs, int side) {
        if (savedJson != null) {
            return Vocabulary.fromJson(savedJson, "the checkpoint");
        }
        StringBuilder all = new StringBuilder();
        pairs.forEach(p -> all.append(p[side]));
        return Vocabulary.of(all.toString(), Vocabulary.Level.CHARACTER);
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
    public Learner learner(TypedCell cell, ModelSpec spec, long seed) throws Backend.Unavailable {
        return Models.encoderDecoder(cell, source.size(), spec, seed);
    }

    @Override
    public String describeData() {
        return String.format("data: %d pairs to train on, %d held out (%s)", train == null ? 0 : train.size(),
                heldOut == null ? 0 : heldOut.size(), heldOutFrom);
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
        m.put("exact", (double) exact / heldOut.size());
        m.put("exact_count", (double) exact);
        m.put("pairs", (double) heldOut.size());
        return new Metrics(m);
    }

    @Override
    public String describe(Metrics m) {
        return String.format("loss %.4f, %d of %d targets decoded exactly", m.get("loss"),
                (long) m.get("exact_count"), (long) m.get("pairs"));
    }

    /** Greedy decoding of one source, to the end token or twice the expected length and ten more. */
    private int[] decode(EncoderDecoder model, double[][] x, int expectedLength) {
        return model.decode(x, target.size(), target.size() + 1, 2 * expectedLength + 10);
    }

    /** For each line of {@code file} (a source, or `source<TAB>target` whose target is ignored): the source and its greedy decoding. */
    @Override
    public void predict(Learner learner, TaskInput.Text file, int batch, int steps, PrintWriter out, PrintWriter err) {
        EncoderDecoder model = (EncoderDecoder) learner;
        out.println("source\tdecoded");
        for (String line : Predictions.inputs(file, header, FORM, false, 0, err)) {
            double[][] x = OneHot.sequence(source.encode(line, file.name()), source.size());
            out.println(TsvFields.escape(line) + "\t" + TsvFields.escape(target.decode(decode(model, x, x.length))));
        }
    }

    private int[] expected(Batch one) {
        int[][] ids = ((io.rnnc.runtime.data.Targets.Decoded) one.targets()).ids();
        return Arrays.stream(ids).mapToInt(row -> row[0]).filter(id -> id >= 0 && id < target.size()).toArray();
    }

    @Override
    public Map<String, String> encoders() {
        return Map.of(SOURCE, source.toJson(), TARGET, target.toJson());
    }
}
