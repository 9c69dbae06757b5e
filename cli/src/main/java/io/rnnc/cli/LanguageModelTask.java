package io.rnnc.cli;

import io.rnnc.runtime.data.Batch;
import io.rnnc.runtime.data.TokenStreams;
import io.rnnc.runtime.data.Vocabulary;
import io.rnnc.runtime.layer.Pooling;
import io.rnnc.runtime.loss.Reduction;
import io.rnnc.runtime.train.Learner;
import io.rnnc.runtime.train.Metrics;
import io.rnnc.runtime.train.Model;
import io.rnnc.runtime.train.States;
import io.rnnc.runtime.train.StepSource;
import io.rnnc.runtime.train.StreamWindows;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A language model on a text file: predict each token from the ones before. The last tenth of
 * the text is held out; the held-out loss is reported in nats and in bits per token, beside the
 * unigram entropy (the loss of a model that knows only how often each token occurs).
 */
final class LanguageModelTask implements Task {
    static final String VOCABULARY = "vocabulary";

    private final Vocabulary vocabulary;
    private final int[] train;
    private final int[] heldOut;
    private final String where;

    LanguageModelTask(String text, Vocabulary vocabulary, String where) {
        this.vocabulary = vocabulary;
        this.where = where;
        int[] ids = vocabulary.encode(text, where);
        int cut = ids.length - ids.length / 10;
        this.train = Arrays.copyOfRange(ids, 0, cut);
        this.heldOut = Arrays.copyOfRange(ids, cut, ids.length);
    }

    Vocabulary vocabulary() {
        return vocabulary;
    }

    @Override
    public int inputSize() {
        return vocabulary.size();
    }

    @Override
    public Model.Head head() {
        return Model.Head.SOFTMAX;
    }

    @Override
    public int outputSize() {
        return vocabulary.size();
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
        return new StreamWindows(new TokenStreams(train, batch, vocabulary.size(), where), steps, bptt);
    }

    @Override
    public Metrics evaluate(Learner learner, int batch, int steps) {
        Model model = (Model) learner;
        if (heldOut.length < 2) {
            return Metrics.none();
        }
        double loss = heldOutLoss(model, heldOut, Math.min(batch, Math.max(1, heldOut.length / (steps + 1))), steps);
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("loss", loss);
        m.put("bits_per_token", loss / Math.log(2));
        m.put("unigram_entropy", unigramEntropy(train, vocabulary.size()));
        m.put("tokens", (double) heldOut.length);
        return new Metrics(m);
    }

    @Override
    public String describe(Metrics m) {
        if (m.isEmpty()) {
            return "no held-out text";
        }
        return String.format("held-out loss %.4f nats/token (%.3f bits), unigram entropy %.4f nats", m.get("loss"),
                m.get("bits_per_token"), m.get("unigram_entropy"));
    }

    /** Mean cross-entropy per token of {@code ids}, read as streams with states carried. */
    static double heldOutLoss(Model model, int[] ids, int batch, int steps) {
        TokenStreams streams = new TokenStreams(ids, batch, model.inputSize(), "held-out text");
        States states = States.zero();
        double total = 0;
        int counted = 0;
        for (int start = 0; start < streams.positions(); start += steps) {
            Batch b = streams.window(start, steps);
            Model.Output out = model.forward(b, states, false);
            int n = b.x().length * b.size();
            total += model.loss(out, b, Reduction.MEAN).value() * n;
            counted += n;
            states = out.finalStates();
        }
        return total / counted;
    }

    static double unigramEntropy(int[] ids, int vocabulary) {
        double[] counts = new double[vocabulary];
        for (int id : ids) {
            counts[id]++;
        }
        double h = 0;
        for (double c : counts) {
            if (c > 0) {
                double p = c / ids.length;
                h -= p * Math.log(p);
            }
        }
        return h;
    }

    @Override
    public Map<String, String> encoders() {
        return Map.of(VOCABULARY, vocabulary.toJson());
    }
}
