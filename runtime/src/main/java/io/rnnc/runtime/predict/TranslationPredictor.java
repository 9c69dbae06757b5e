package io.rnnc.runtime.predict;

import io.rnnc.runtime.data.SequenceEncoding;
import io.rnnc.runtime.data.TsvPairs;
import io.rnnc.runtime.data.Vocabulary;
import io.rnnc.runtime.train.EncoderDecoder;
import java.io.PrintWriter;
import java.util.Arrays;

/** Sequence to sequence: for each source (or {@code source<TAB>target} line, its target ignored) the source and its greedy decoding. */
public final class TranslationPredictor implements Predictor {
    /** How a line of the training data looks. */
    public static final String FORM = "source<TAB>target";
    /** Where a checkpoint keeps the target vocabulary. */
    public static final String TARGET = "target_vocabulary";
    /** Where a checkpoint keeps how sources are read. */
    public static final SequenceEncoding.Keys KEYS = new SequenceEncoding.Keys("source_vocabulary", "source_scaling");

    private final EncoderDecoder model;
    private final SequenceEncoding source;
    private final Vocabulary target;
    private final TsvPairs.Header header;

    /**
     * @param target the characters decoded; the decoder's tokens are these, then its start and end tokens
     * @param header whether the file's first line is a header
     */
    public TranslationPredictor(EncoderDecoder model, SequenceEncoding source, Vocabulary target, TsvPairs.Header header) {
        this.model = model;
        this.source = source;
        this.target = target;
        this.header = header;
    }

    /** Greedy decoding of one source, to the end token or twice the expected length and ten more. */
    public static int[] decode(EncoderDecoder model, Vocabulary target, double[][] x, int expectedLength) {
        return model.decode(x, target.size(), target.size() + 1, 2 * expectedLength + 10);
    }

    /** Decodes one source at a time, whatever {@code batch} says. */
    @Override
    public void predict(String name, String text, int batch, PrintWriter out, PrintWriter err) {
        out.println("source\tdecoded");
        for (String line : PredictionInputs.read(name, text, header, FORM, false, 0, err)) {
            double[][] x = source.encode(line, name);
            // An untrained decoder may write the start token: it is no character, so it is left out.
            int[] ids = Arrays.stream(decode(model, target, x, x.length)).filter(id -> id < target.size()).toArray();
            out.println(TsvFields.escape(line) + "\t" + TsvFields.escape(target.decode(ids)));
        }
    }
}
