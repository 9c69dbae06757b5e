package io.rnnc.cli;

import io.rnnc.runtime.data.NumberSequences;
import io.rnnc.runtime.data.SequenceEncoding;
import io.rnnc.runtime.data.Standardizer;
import io.rnnc.runtime.data.Vocabulary;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How a new run reads the sequences of its TSV files ({@link SequenceEncoding}): as text or as
 * numbers, as asked or as detected, fitted to the lines read; a saved run's encoding as it was kept.
 */
final class SequenceInputs {
    private SequenceInputs() {
    }

    /** One sequence as a file writes it, and where it is (file and line), for errors. */
    record Field(String text, String where) {
    }

    /**
     * The reading of a task's sequences: a saved one, or for a new run one fitted to them.
     *
     * @param all every sequence read (held-out ones too, so that a vocabulary can encode them)
     * @param trained the training sequences, which numbers are standardised on
     * @param wanted text, numbers, or detected: numbers where every sequence is numbers
     * @param err where reading numbers is announced
     */
    static SequenceEncoding of(List<Field> all, List<Field> trained, TaskInput.Inputs wanted, Vocabulary.Level level,
                               Map<String, String> saved, SequenceEncoding.Keys keys, PrintWriter err) {
        SequenceEncoding kept = SequenceEncoding.saved(saved, keys);
        if (kept != null) {
            return kept;
        }
        boolean numbers = wanted == TaskInput.Inputs.NUMBERS
                || wanted == TaskInput.Inputs.AUTO && !all.isEmpty() && all.stream().allMatch(f -> NumberSequences.is(f.text()));
        if (!numbers) {
            String separator = level == Vocabulary.Level.WORD ? " " : "";
            return SequenceEncoding.text(Vocabulary.of(String.join(separator, all.stream().map(Field::text).toList()), level));
        }
        int width = all.isEmpty() ? 1 : NumberSequences.width(all.get(0).text());
        List<double[][]> train = new ArrayList<>();
        for (Field f : trained) {
            train.add(NumberSequences.parse(f.text(), width, f.where()));
        }
        if (train.isEmpty()) {
            return SequenceEncoding.numbers(Standardizer.identity(width));
        }
        if (wanted == TaskInput.Inputs.AUTO) {
            err.printf("rnnc: every sequence is numbers: read as %d feature%s per step, standardised on the training "
                    + "lines; --inputs text reads them as text%n", width, width == 1 ? "" : "s");
            err.flush();
        }
        return SequenceEncoding.numbers(Standardizer.fit(train));
    }
}
