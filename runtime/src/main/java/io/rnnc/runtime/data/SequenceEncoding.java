package io.rnnc.runtime.data;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a task reads the sequences of its TSV files: text, one-hot by character or by word, or
 * numbers (steps separated by spaces, a step's features by commas), each feature standardised
 * with the mean and deviation of the training sequences. Kept in checkpoints (and exported
 * models) under the task's names, so that new data is read as the training data was.
 */
public final class SequenceEncoding {
    private final Vocabulary vocabulary;
    private final Standardizer scaling;

    /** The names a task keeps the encoding under in a checkpoint. */
    public record Keys(String vocabulary, String scaling) {
    }

    /** Text one-hot by the tokens of {@code vocabulary}. */
    public static SequenceEncoding text(Vocabulary vocabulary) {
        return new SequenceEncoding(vocabulary, null);
    }

    /** Numbers standardised by {@code scaling}. */
    public static SequenceEncoding numbers(Standardizer scaling) {
        return new SequenceEncoding(null, scaling);
    }

    private SequenceEncoding(Vocabulary vocabulary, Standardizer scaling) {
        this.vocabulary = vocabulary;
        this.scaling = scaling;
    }

    /**
     * The encoding kept in {@code saved} under {@code keys}, or null when it holds none.
     *
     * @throws DataException when what is kept cannot be read
     */
    public static SequenceEncoding saved(Map<String, String> saved, Keys keys) {
        if (saved.containsKey(keys.scaling())) {
            return numbers(Standardizer.fromJson(saved.get(keys.scaling()), "the checkpoint"));
        }
        if (saved.containsKey(keys.vocabulary())) {
            return text(Vocabulary.fromJson(saved.get(keys.vocabulary()), "the checkpoint"));
        }
        return null;
    }

    /** Features per step. */
    public int size() {
        return vocabulary != null ? vocabulary.size() : scaling.width();
    }

    /** Whether the sequences are text. */
    public boolean text() {
        return vocabulary != null;
    }

    /** The vocabulary of text sequences, or null. */
    public Vocabulary vocabulary() {
        return vocabulary;
    }

    /**
     * The steps of one sequence, {@code [T][X]}.
     *
     * @param where the file and line, for errors
     * @throws DataException for a token outside the vocabulary or a field that is not numbers
     */
    public double[][] encode(String field, String where) {
        if (vocabulary != null) {
            return OneHot.sequence(vocabulary.encode(field, where), vocabulary.size());
        }
        return scaling.apply(NumberSequences.parse(field, scaling.width(), where));
    }

    /** What a checkpoint keeps, under {@code keys}. */
    public Map<String, String> encoders(Keys keys) {
        Map<String, String> m = new LinkedHashMap<>();
        if (vocabulary != null) {
            m.put(keys.vocabulary(), vocabulary.toJson());
        } else {
            m.put(keys.scaling(), scaling.toJson());
        }
        return m;
    }

    /** How the sequences are read, for the line a run prints. */
    public String describe() {
        if (vocabulary != null) {
            return vocabulary.size() + " distinct " + (vocabulary.level() == Vocabulary.Level.CHARACTER ? "characters" : "words");
        }
        return scaling.width() + " number" + (scaling.width() == 1 ? "" : "s") + " per step, standardised";
    }
}
