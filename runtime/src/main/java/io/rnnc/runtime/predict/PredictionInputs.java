package io.rnnc.runtime.predict;

import io.rnnc.runtime.data.DataException;
import io.rnnc.runtime.data.TsvPairs;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** The inputs a prediction reads from a file of lines, in a task's training format or alone. */
public final class PredictionInputs {
    private PredictionInputs() {
    }

    /**
     * The inputs of a file: where every line has a tab, the file is in the training format
     * {@code form} and each line's {@code column} is the input (a label or target beside it is
     * ignored); else each non-blank line is one input.
     *
     * @param name the file's name, for errors
     * @param labelled whether the training format's first column is a label (for header detection)
     * @param err where a detected header line is announced
     */
    public static List<String> read(String name, String text, TsvPairs.Header header, String form, boolean labelled,
                                    int column, PrintWriter err) {
        List<String> lines = text.lines().filter(l -> !l.isBlank()).toList();
        if (lines.isEmpty()) {
            throw new DataException(name + ": has no lines to predict on");
        }
        if (lines.stream().allMatch(l -> l.contains("\t"))) {
            return TsvPairs.read(name, text, form, labelled, header, 1, err).stream()
                    .map(p -> column == 0 ? p.first() : p.second()).toList();
        }
        List<String> inputs = new ArrayList<>(lines);
        if (header == TsvPairs.Header.YES) {
            inputs.remove(0);
        }
        return inputs;
    }
}
