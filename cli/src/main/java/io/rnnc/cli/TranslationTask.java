package io.rnnc.cli;

import io.rnnc.compiler.backend.Backend;
import io.rnnc.compiler.check.TypedCell;
import io.rnnc.compiler.model.ModelSpec;
import io.rnnc.compiler.model.Models;
import io.rnnc.runtime.data.Batch;
import io.rnnc.runtime.data.OneHot;
import io.rnnc.runtime.data.SequenceDataset;
import io.rnnc.runtime.data.Vocabulary;
import io.rnnc.runtime.kernels.WorkerPool;
import io.rnnc.runtime.layer.Pooling;
import io.rnnc.runtime.loss.Reduction;
import io.rnnc.runtime.train.EncoderDecoder;
import io.rnnc.runtime.train.Learner;
import io.rnnc.runtime.train.Model;
import io.rnnc.runtime.train.ShuffledBatches;
import io.rnnc.runtime.train.States;
import io.rnnc.runtime.train.StepSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Sequence to sequence from a TSV file of `source<TAB>target` lines, by character: an
 * encoder-decoder trained with teacher forcing. Every tenth line is held out; the report gives
 * how many held-out targets greedy decoding reproduces exactly.
 */
final class TranslationTask implements Task {
    static final String SOURCE = "source_vocabulary";
    static final String TARGET = "target_vocabulary";

    private final Vocabulary source;
    private final Vocabulary target;
    private final SequenceDataset train;
    private final SequenceDataset heldOut;

    private TranslationTask(Vocabulary source, Vocabulary target, SequenceDataset train, SequenceDataset heldOut) {
        this.source = source;
        this.target = target;
        this.train = train;
        this.heldOut = heldOut;
    }

    static TranslationTask read(String text, String where, Map<String, String> saved) {
        List<String[]> pairs = TsvPairs.read(text, where, "source<TAB>target");
        Vocabulary src = vocabulary(saved.get(SOURCE), pairs, 0);
        Vocabulary tgt = vocabulary(saved.get(TARGET), pairs, 1);
        List<double[][]> trainX = new ArrayList<>();
        List<int[]> trainY = new ArrayList<>();
        List<double[][]> testX = new ArrayList<>();
        List<int[]> testY = new ArrayList<>();
        for (int i = 0; i < pairs.size(); i++) {
            double[][] x = OneHot.sequence(src.encode(pairs.get(i)[0], where), src.size());
            int[] y = tgt.encode(pairs.get(i)[1], where);
            (i % 10 == 9 ? testX : trainX).add(x);
            (i % 10 == 9 ? testY : trainY).add(y);
        }
        return new TranslationTask(src, tgt, SequenceDataset.translations(trainX, trainY, tgt.size()),
                testX.isEmpty() ? null : SequenceDataset.translations(testX, testY, tgt.size()));
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

    @Override
    public Learner learner(TypedCell cell, ModelSpec spec, long seed, WorkerPool pool) throws Backend.Unavailable {
        return Models.encoderDecoder(cell, source.size(), spec, seed, pool);
    }

    @Override
    public StepSource training(int batch, int steps, int bptt, long seed) {
        return new ShuffledBatches(train, batch, seed);
    }

    @Override
    public String evaluate(Learner learner, int batch, int steps) {
        if (heldOut == null) {
            return "no held-out pairs (fewer than 10 lines)";
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
            int[] got = model.decode(x, target.size(), target.size() + 1, 2 * expected.length + 10);
            exact += Arrays.equals(expected, got) ? 1 : 0;
        }
        return String.format("held-out loss %.4f, %d of %d targets decoded exactly", loss / heldOut.size(), exact,
                heldOut.size());
    }

    private int[] expected(Batch one) {
        int[][] ids = ((io.rnnc.runtime.data.Targets.Decoded) one.targets()).ids();
        return Arrays.stream(ids).mapToInt(row -> row[0]).filter(id -> id >= 0 && id < target.size()).toArray();
    }

    @Override
    public Map<String, String> settings() {
        return Map.of(SOURCE, source.toJson(), TARGET, target.toJson());
    }
}
