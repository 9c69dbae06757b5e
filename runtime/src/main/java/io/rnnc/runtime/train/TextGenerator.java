package io.rnnc.runtime.train;

import io.rnnc.runtime.data.Vocabulary;
import io.rnnc.runtime.layer.Sampler;
import io.rnnc.runtime.step.ModelStepper;
import io.rnnc.runtime.step.Steppable;
import java.util.List;
import java.util.Random;

/**
 * Text from a language model: the prompt is read token by token, then each sampled token is
 * fed back as the next input, the states carried along by a {@link ModelStepper}.
 */
public final class TextGenerator {
    private final Steppable model;
    private final Vocabulary vocabulary;

    /** @param model a language model: it reads and predicts the vocabulary's tokens */
    public TextGenerator(Steppable model, Vocabulary vocabulary) {
        if (model.inputSize() != vocabulary.size() || model.outputSize() != vocabulary.size()) {
            throw new IllegalArgumentException("the model reads " + model.inputSize() + " and predicts "
                    + model.outputSize() + " tokens, but the vocabulary has " + vocabulary.size());
        }
        this.model = model;
        this.vocabulary = vocabulary;
    }

    /**
     * How to sample.
     *
     * @param length tokens to generate at most
     * @param temperature above 0, lower being more conservative; 0 is greedy: always the likeliest token
     * @param topK sample among the k likeliest tokens only (0: all)
     * @param topP sample among the fewest likeliest tokens whose probabilities reach p (1: all)
     * @param seed seeds the draws
     * @param stop texts that end the generation as soon as the generated text ends with one;
     *     the stop text itself is left out
     */
    public record Options(int length, double temperature, int topK, double topP, long seed, List<String> stop) {
        public Options {
            if (length < 0) {
                throw new IllegalArgumentException("the length must be at least 0, not " + length);
            }
            stop = List.copyOf(stop);
            if (stop.stream().anyMatch(String::isEmpty)) {
                throw new IllegalArgumentException("a stop text cannot be empty");
            }
        }
    }

    /** The prompt followed by {@code length} tokens drawn at {@code temperature} among the top k (0: all). */
    public String sample(String prompt, int length, double temperature, int topK, long seed) {
        return sample(prompt, new Options(length, temperature, topK, 1, seed, List.of()));
    }

    /** The prompt followed by what the model generates after it. */
    public String sample(String prompt, Options o) {
        Random rng = new Random(o.seed());
        Sampler sampler = new Sampler(vocabulary.size(), o.temperature(), o.topK(), o.topP(), rng);
        boolean unprompted = prompt.isEmpty();
        int[] given = unprompted ? new int[] {startToken(rng)} : vocabulary.encode(prompt, "prompt");
        ModelStepper stepper = model.stepper(1);
        int[] token = new int[1];
        double[] logits = null;
        for (int id : given) {
            token[0] = id;
            logits = stepper.stepTokens(token);
        }
        int[] out = new int[given.length + o.length()];
        System.arraycopy(given, 0, out, 0, given.length);
        StringBuilder generated = new StringBuilder();
        int n = given.length;
        String previous = vocabulary.token(given[given.length - 1]);
        while (n < out.length) {
            token[0] = sampler.next(logits, 0);
            out[n++] = token[0];
            String stop = stopAt(generated, previous, token[0], o.stop());
            if (stop != null) {
                String text = vocabulary.decode(java.util.Arrays.copyOfRange(out, unprompted ? 1 : 0, n));
                return text.substring(0, text.length() - stop.length());
            }
            previous = vocabulary.token(token[0]);
            if (n < out.length) {
                logits = stepper.stepTokens(token);
            }
        }
        return vocabulary.decode(unprompted ? java.util.Arrays.copyOfRange(out, 1, out.length) : out);
    }

    /** Appends a token's text as {@link Vocabulary#decode} writes it; returns the stop text it completes, if any. */
    private String stopAt(StringBuilder generated, String previous, int id, List<String> stops) {
        if (stops.isEmpty()) {
            return null;
        }
        String t = vocabulary.token(id);
        if (vocabulary.level() == Vocabulary.Level.WORD && !previous.equals("\n") && !t.equals("\n")) {
            generated.append(' ');
        }
        generated.append(t);
        for (String s : stops) {
            if (endsWith(generated, s)) {
                return s;
            }
        }
        return null;
    }

    private static boolean endsWith(StringBuilder text, String suffix) {
        int start = text.length() - suffix.length();
        if (start < 0) {
            return false;
        }
        for (int i = 0; i < suffix.length(); i++) {
            if (text.charAt(start + i) != suffix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** Without a prompt, text starts as after a line break, or anywhere when there is none. */
    private int startToken(Random rng) {
        int newline = vocabulary.id("\n");
        return newline >= 0 ? newline : rng.nextInt(vocabulary.size());
    }
}
