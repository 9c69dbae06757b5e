package io.rnnc.cli;

import io.rnnc.runtime.data.Batch;
import io.rnnc.runtime.data.TokenCorpus;
import io.rnnc.runtime.data.TokenIds;
import io.rnnc.runtime.data.TokenStreams;
import io.rnnc.runtime.data.Vocabulary;
import io.rnnc.runtime.layer.Pooling;
import io.rnnc.runtime.loss.Reduction;
import io.rnnc.runtime.loss.SoftmaxCrossEntropy;
import io.rnnc.runtime.predict.TsvFields;
import io.rnnc.runtime.step.ModelStepper;
import io.rnnc.runtime.train.Learner;
import io.rnnc.runtime.train.Metrics;
import io.rnnc.runtime.train.Model;
import io.rnnc.runtime.train.States;
import io.rnnc.runtime.train.StepSource;
import io.rnnc.runtime.train.StreamWindows;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A language model on a text file: predict each token from the ones before. The last part of
 * the text is held out (or a file of its own); the held-out loss is reported in nats and in
 * bits per token, beside the held-out text's unigram entropy (the loss of a model that knows
 * only how often each token occurs there).
 */
final class LanguageModelTask implements Task {
    static final String VOCABULARY = "vocabulary";

    private final Vocabulary vocabulary;
    private final TokenIds train;
    private final TokenIds heldOut;
    private final String heldOutFrom;
    /** The training text, for errors: its file, and the part of it trained on. */
    private final String trainedFrom;
    /** Where evaluation shows its progress. */
    private final PrintWriter err;

    private LanguageModelTask(Vocabulary vocabulary, TokenIds train, TokenIds heldOut, String heldOutFrom,
                              String trainedFrom, PrintWriter err) {
        this.vocabulary = vocabulary;
        this.train = train;
        this.heldOut = heldOut;
        this.heldOutFrom = heldOutFrom;
        this.trainedFrom = trainedFrom;
        this.err = err;
    }

    /**
     * The task on {@code in}, reading tokens with {@code saved} or, for a new run, a vocabulary of
     * every token of the files at {@code level}. The files are streamed twice (to find the
     * vocabulary and count the tokens, then to encode them), never held as text; the ids take
     * 1 to 4 bytes a token, in a mapped temporary file where they would crowd the heap.
     */
    static LanguageModelTask read(TaskInput in, Vocabulary saved, Vocabulary.Level level, PrintWriter err) {
        List<Path> files = new ArrayList<>();
        if (in.train() != null) {
            files.add(in.train().path());
        }
        if (in.heldOut() != null) {
            files.add(in.heldOut().path());
        }
        long bytes = 0;
        for (Path f : files) {
            bytes += size(f);
        }
        String what = "reading " + files.stream().map(Path::toString).collect(Collectors.joining(" and "));
        try (ProgressMeter meter = ProgressMeter.start(what, 2 * bytes, "MB", 1 << 20, err)) {
            TokenCorpus.Survey survey = TokenCorpus.survey(files, level, saved, meter::to);
            Vocabulary vocabulary = survey.vocabulary();
            long count = Arrays.stream(survey.tokens()).sum();
            boolean onDisk = TokenIds.belongsOnDisk(count, vocabulary.size());
            long[] done = {bytes};
            List<TokenIds> ids = new ArrayList<>();
            for (int f = 0; f < files.size(); f++) {
                long before = done[0];
                ids.add(TokenCorpus.encode(files.get(f), survey.tokens()[f], vocabulary, onDisk,
                        b -> meter.to(before + b)));
                done[0] += size(files.get(f));
            }
            TokenIds trained = in.train() == null ? TokenIds.of(new int[0], vocabulary.size()) : ids.get(0);
            String name = in.train() == null ? "the training text" : in.train().name();
            if (in.heldOut() != null) {
                return new LanguageModelTask(vocabulary, trained, ids.get(ids.size() - 1), HeldOut.describe(in, true),
                        name, err);
            }
            long cut = HeldOut.cut(trained.size(), in.split());
            return new LanguageModelTask(vocabulary, trained.slice(0, cut), trained.slice(cut, trained.size()),
                    HeldOut.describe(in, true), name + " (less its held-out part)", err);
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
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
        return String.format("data: %d tokens to train on, %d held out (%s); %d distinct", train.size(),
                heldOut.size(), heldOutFrom, vocabulary.size());
    }

    @Override
    public StepSource training(int batch, int steps, int bptt, long seed) {
        return new StreamWindows(new TokenStreams(train, batch, vocabulary.size(), trainedFrom), steps, bptt);
    }

    @Override
    public Metrics evaluate(Learner learner, int batch, int steps) {
        Model model = (Model) learner;
        if (heldOut.size() < 2) {
            return Metrics.none();
        }
        int streams = (int) Math.min(batch, Math.max(1, heldOut.size() / (steps + 1)));
        double loss = heldOutLoss(model, heldOut, streams, steps, err);
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("loss", loss);
        m.put("bits_per_token", loss / Math.log(2));
        m.put("unigram_entropy", unigramEntropy(heldOut, vocabulary.size()));
        m.put("tokens", (double) heldOut.size());
        return new Metrics(m);
    }

    @Override
    public String describe(Metrics m) {
        return String.format("loss %.4f nats/token (%.3f bits), unigram entropy %.4f nats", m.get("loss"),
                m.get("bits_per_token"), m.get("unigram_entropy"));
    }

    /** Mean cross-entropy per token of {@code ids}, read as streams with states carried, its progress shown on {@code err}. */
    static double heldOutLoss(Model model, TokenIds ids, int batch, int steps, PrintWriter err) {
        TokenStreams streams = new TokenStreams(ids, batch, model.inputSize(), "held-out text");
        States states = States.zero();
        double total = 0;
        long counted = 0;
        try (ProgressMeter meter = ProgressMeter.start("evaluating on " + ids.size() + " held-out tokens",
                streams.positions(), " windows", steps, err)) {
            for (int start = 0; start < streams.positions(); start += steps) {
                Batch b = streams.window(start, steps);
                Model.Output out = model.forward(b, states, false);
                long n = (long) b.x().length * b.size();
                total += model.loss(out, b, Reduction.MEAN).value() * n;
                counted += n;
                states = out.finalStates();
                meter.to(start + b.x().length);
            }
        }
        return total / counted;
    }

    static double unigramEntropy(TokenIds ids, int vocabulary) {
        double h = 0;
        for (long c : ids.counts(vocabulary)) {
            if (c > 0) {
                double p = (double) c / ids.size();
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
            ModelStepper stepper = model.stepper(1);
            int[] token = new int[1];
            double loss = 0;
            double[] logits = null;
            for (int i = 0; i < ids.length; i++) {
                if (logits != null) {
                    loss -= Math.log(SoftmaxCrossEntropy.softmax(logits)[ids[i]]);
                }
                token[0] = ids[i];
                logits = stepper.stepTokens(token);
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
