package io.rnnc.cli;

import io.rnnc.runtime.data.DataException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** The inputs `rnnc predict` reads from a file of lines, in a task's training format or alone. */
final class Predictions {
    private Predictions() {
    }

    /**
     * The inputs of {@code file}: where every line has a tab, the file is in the training format
     * {@code form} and each line's {@code column} is the input (a label or target beside it is
     * ignored); else each non-blank line is one input.
     *
     * @param labelled whether the training format's first column is a label (for header detection)
     */
    static List<String> inputs(TaskInput.Text file, TaskInput.Header header, String form, boolean labelled, int column,
                               PrintWriter err) {
        List<String> lines = file.text().lines().filter(l -> !l.isBlank()).toList();
        if (lines.isEmpty()) {
            throw new DataException(file.name() + ": has no lines to predict on");
        }
        if (lines.stream().allMatch(l -> l.contains("\t"))) {
            return TsvPairs.read(file, form, labelled, header, 1, err).stream().map(p -> column == 0 ? p.first() : p.second()).toList();
        }
        List<String> inputs = new ArrayList<>(lines);
        if (header == TaskInput.Header.YES) {
            inputs.remove(0);
        }
        return inputs;
    }
}
