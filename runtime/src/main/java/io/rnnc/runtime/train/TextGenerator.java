package io.rnnc.runtime.train;

import io.rnnc.runtime.data.Vocabulary;
import io.rnnc.runtime.layer.Sampler;
import java.util.Random;

/**
 * Text from a language model: the prompt is read token by token, then each sampled token is
 * fed back as the next input, the states carried along.
 */
public final class TextGenerator {
    private final Model model;
    private final Vocabulary vocabulary;

    public TextGenerator(Model model, Vocabulary vocabulary) {
        if (model.inputSize() != vocabulary.size() || model.outputSize() != vocabulary.size()) {
            throw new IllegalArgumentException("the model reads " + model.inputSize() + " and predicts "
                    + model.outputSize() + " tokens, but the vocabulary has " + vocabulary.size());
        }
        this.model = model;
        this.vocabulary = vocabulary;
    }

    /**
     * The prompt followed by {@code length} sampled tokens.
     *
     * @param temperature above 0, lower being more conservative; 0 is greedy: always the likeliest token
     * @param topK sample among the k likeliest tokens only (0: all)
     */
    public String sample(String prompt, int length, double temperature, int topK, long seed) {
        Random rng = new Random(seed);
        boolean unprompted = prompt.isEmpty();
        int[] given = unprompted ? new int[] {startToken(rng)} : vocabulary.encode(prompt, "prompt");
        int[] out = new int[given.length + length];
        System.arraycopy(given, 0, out, 0, given.length);
        States states = States.zero();
        double[] logits = null;
        for (int i = 0; i < out.length; i++) {
            if (i >= given.length) {
                out[i] = temperature == 0 ? Sampler.argmax(logits) : Sampler.sample(logits, temperature, topK, rng);
            }
            if (i < out.length - 1) {
                Model.Output o = model.oneHotStep(out[i], states);
                states = o.finalStates();
                logits = o.steps()[0][0];
            }
        }
        return vocabulary.decode(unprompted ? java.util.Arrays.copyOfRange(out, 1, out.length) : out);
    }

    /** Without a prompt, text starts as after a line break, or anywhere when there is none. */
    private int startToken(Random rng) {
        int newline = vocabulary.id("\n");
        return newline >= 0 ? newline : rng.nextInt(vocabulary.size());
    }
}
