package io.rnnc.cli;

import io.rnnc.runtime.data.Batch;
import io.rnnc.runtime.data.TokenStreams;
import io.rnnc.runtime.data.Vocabulary;
import io.rnnc.runtime.layer.Pooling;
import io.rnnc.runtime.loss.Reduction;
import io.rnnc.runtime.loss.SoftmaxCrossEntropy;
import io.rnnc.runtime.train.Learner;
import io.rnnc.runtime.train.Metrics;
import io.rnnc.runtime.train.Model;
import io.rnnc.runtime.train.States;
import io.rnnc.runtime.train.StepSource;
import io.rnnc.runtime.train.StreamWindows;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A language model on a text file: predict each token from the ones before. The last part of
 * the text is held out (or a file of its own); the held-out loss is reported in nats and in
 * bits per token, beside the held-out text's unigram entropy (the loss of a model that knows
 * only how often each token occurs there).
 */
final class LanguageModelTask implements Task {
    static final String VOCABULARY = "vocabulary";

    private final Vocabulary vocabulary;
    private final int[] train;
    private final int[] heldOut;
    private final String heldOutFrom;

    private LanguageModelTask(Vocabulary vocabulary, int[] train, int[] heldOut, String heldOutFrom) {
        this.vocabulary = vocabulary;
        this.train = train;
        this.heldOut = heldOut;
        this.heldOutFrom = heldOutFrom;
    }

    /**
     * The task on {@code in}, reading tokens with {@code saved} or, for a new run, a vocabulary of
     * every token of the files at {@code level}.
     */
    static LanguageModelTask read(TaskInput in, Vocabulary saved, Vocabulary.Level level) {
        String all = (in.train() == null ? "" : in.train().text()) + (in.heldOut() == null ? "" : in.heldOut().text());
        Vocabulary vocabulary = saved != null ? saved : Vocabulary.of(all, level);
        int[] trained = in.train() == null ? new int[0] : vocabulary.encode(in.train().text(), in.train().name());
        if (in.heldOut() != null) {
            return new LanguageModelTask(vocabulary, trained, vocabulary.encode(in.heldOut().text(), in.heldOut().name()),
                    HeldOut.describe(in, true));
        }
        int cut = HeldOut.cut(trained.length, in.split());
        return new LanguageModelTask(vocabulary, Arrays.copyOfRange(trained, 0, cut),
                Arrays.copyOfRange(trained, cut, trained.length), HeldOut.describe(in, true));
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
    public String describeData() {
        return String.format("data: %d tokens to train on, %d held out (%s); %d distinct", train.length,
                heldOut.length, heldOutFrom, vocabulary.size());
    }

    @Override
    public StepSource training(int batch, int steps, int bptt, long seed) {
        return new StreamWindows(new TokenStreams(train, batch, vocabulary.size(), "the training text"), steps, bptt);
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
        m.put("unigram_entropy", unigramEntropy(heldOut, vocabulary.size()));
        m.put("tokens", (double) heldOut.length);
        return new Metrics(m);
    }

    @Override
    public String describe(Metrics m) {
        return String.format("loss %.4f nats/token (%.3f bits), unigram entropy %.4f nats", m.get("loss"),
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

    /**
     * For each line of {@code file}: its loss per token (each token after the first predicted
     * from those before it, from the zero state), and the likeliest token to follow it.
     */
    @Override
    public void predict(Learner learner, TaskInput.Text file, int batch, int steps, PrintWriter out, PrintWriter err) {
        Model model = (Model) learner;
        out.println("loss_nats_per_token\tnext\tp_next\tline");
        for (String line : file.text().split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            int[] ids = vocabulary.encode(line, file.name());
            States states = States.zero();
            double loss = 0;
            double[] logits = null;
            for (int i = 0; i < ids.length; i++) {
                if (logits != null) {
                    loss -= Math.log(SoftmaxCrossEntropy.softmax(logits)[ids[i]]);
                }
                Model.Output o = model.oneHotStep(ids[i], states);
                states = o.finalStates();
                logits = o.steps()[0][0];
            }
            double[] p = SoftmaxCrossEntropy.softmax(logits);
            int next = io.rnnc.runtime.layer.Sampler.argmax(logits);
            out.printf(java.util.Locale.ROOT, "%s\t%s\t%.4f\t%s%n", ids.length > 1 ? String.format(java.util.Locale.ROOT, "%.4f", loss / (ids.length - 1)) : "-",
                    TsvFields.escape(vocabulary.token(next)), p[next], line);
        }
    }

    @Override
    public String metric() {
        return "bits_per_token";
    }

    @Override
    public boolean higherIsBetter() {
        return false;
    }

    @Override
    public Map<String, String> encoders() {
        return Map.of(VOCABULARY, vocabulary.toJson());
    }
}
