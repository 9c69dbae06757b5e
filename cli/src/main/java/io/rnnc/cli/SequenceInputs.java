package io.rnnc.cli;

import io.rnnc.runtime.data.NumberSequences;
import io.rnnc.runtime.data.OneHot;
import io.rnnc.runtime.data.Standardizer;
import io.rnnc.runtime.data.Vocabulary;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a task reads the sequences of a TSV file: text, one-hot by character or by word, or
 * numbers (steps separated by spaces, a step's features by commas), each feature standardised
 * with the mean and deviation of the training sequences. Kept in checkpoints under the task's
 * names, so that new data is read as the training data was.
 */
final class SequenceInputs {
    private final Vocabulary vocabulary;
    private final Standardizer scaling;

    private SequenceInputs(Vocabulary vocabulary, Standardizer scaling) {
        this.vocabulary = vocabulary;
        this.scaling = scaling;
    }

    /** One sequence as a file writes it, and where it is (file and line), for errors. */
    record Field(String text, String where) {
    }

    /** The names a task keeps the reading under in a checkpoint. */
    record Keys(String vocabulary, String scaling) {
    }

    /**
     * The reading of a task's sequences: a saved one, or for a new run one fitted to them.
     *
     * @param all every sequence read (held-out ones too, so that a vocabulary can encode them)
     * @param trained the training sequences, which numbers are standardised on
     * @param wanted text, numbers, or detected: numbers where every sequence is numbers
     * @param err where reading numbers is announced
     */
    static SequenceInputs of(List<Field> all, List<Field> trained, TaskInput.Inputs wanted, Vocabulary.Level level,
                             Map<String, String> saved, Keys keys, PrintWriter err) {
        if (saved.containsKey(keys.scaling())) {
            return new SequenceInputs(null, Standardizer.fromJson(saved.get(keys.scaling()), "the checkpoint"));
        }
        if (saved.containsKey(keys.vocabulary())) {
            return new SequenceInputs(Vocabulary.fromJson(saved.get(keys.vocabulary()), "the checkpoint"), null);
        }
        boolean numbers = wanted == TaskInput.Inputs.NUMBERS
                || wanted == TaskInput.Inputs.AUTO && !all.isEmpty() && all.stream().allMatch(f -> NumberSequences.is(f.text()));
        if (!numbers) {
            String separator = level == Vocabulary.Level.WORD ? " " : "";
            return new SequenceInputs(Vocabulary.of(String.join(separator, all.stream().map(Field::text).toList()), level),
                    null);
        }
        int width = all.isEmpty() ? 1 : NumberSequences.width(all.get(0).text());
        List<double[][]> train = new ArrayList<>();
        for (Field f : trained) {
            train.add(NumberSequences.parse(f.text(), width, f.where()));
        }
        if (train.isEmpty()) {
            return new SequenceInputs(null, Standardizer.identity(width));
        }
        if (wanted == TaskInput.Inputs.AUTO) {
            err.printf("rnnc: every sequence is numbers: read as %d feature%s per step, standardised on the training "
                    + "lines; --inputs text reads them as text%n", width, width == 1 ? "" : "s");
            err.flush();
        }
        return new SequenceInputs(null, Standardizer.fit(train));
    }

    /** Features per step. */
    int size() {
        return vocabulary != null ? vocabulary.size() : scaling.width();
    }

    /** Whether the sequences are text. */
    boolean text() {
        return vocabulary != null;
    }

    /** The vocabulary of text sequences, or null. */
    Vocabulary vocabulary() {
        return vocabulary;
    }

    /**
     * The steps of one sequence, {@code [T][X]}.
     *
     * @param where the file and line, for errors
     */
    double[][] encode(String field, String where) {
        if (vocabulary != null) {
            return OneHot.sequence(vocabulary.encode(field, where), vocabulary.size());
        }
        return scaling.apply(NumberSequences.parse(field, scaling.width(), where));
    }

    /** What the checkpoint keeps. */
    Map<String, String> encoders(Keys keys) {
        Map<String, String> m = new LinkedHashMap<>();
        if (vocabulary != null) {
            m.put(keys.vocabulary(), vocabulary.toJson());
        } else {
            m.put(keys.scaling(), scaling.toJson());
        }
        return m;
    }

    /** How the sequences are read, for the line a run prints. */
    String describe() {
        if (vocabulary != null) {
            return vocabulary.size() + " distinct " + (vocabulary.level() == Vocabulary.Level.CHARACTER ? "characters" : "words");
        }
        return scaling.width() + " number" + (scaling.width() == 1 ? "" : "s") + " per step, standardised";
    }
}
