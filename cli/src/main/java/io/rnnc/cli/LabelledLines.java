package io.rnnc.cli;

import io.rnnc.runtime.data.TsvPairs;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * The lines of a task's TSV files (a label or target beside a sequence), parted into those
 * trained on and those held out: `--valid`'s file, or `--split`'s share of the training file.
 *
 * @param all every line read, training and held-out (a vocabulary must encode them all)
 * @param parts the lines trained on and held out
 */
record LabelledLines(List<TsvPairs.Pair> all, HeldOut.Parts<TsvPairs.Pair> parts) {
    /**
     * The lines of {@code in}.
     *
     * @param form how a line should look, for errors
     * @param labelled whether the first column repeats, as labels do (for detecting a header)
     */
    static LabelledLines read(TaskInput in, String form, boolean labelled, PrintWriter err) {
        List<TsvPairs.Pair> trained = in.train() == null ? List.of() : TsvPairs.read(in.train().name(), in.train().text(), form, labelled,
                in.header(), 2, err);
        HeldOut.Parts<TsvPairs.Pair> parts = in.heldOut() == null ? HeldOut.lines(trained, in.split())
                : new HeldOut.Parts<>(trained, TsvPairs.read(in.heldOut().name(), in.heldOut().text(), form, labelled, in.header(), 1, err));
        List<TsvPairs.Pair> all = new ArrayList<>(trained);
        if (in.heldOut() != null) {
            all.addAll(parts.heldOut());
        }
        return new LabelledLines(all, parts);
    }

    /** The second fields of {@code pairs}, where they are. */
    static List<SequenceInputs.Field> seconds(List<TsvPairs.Pair> pairs) {
        return pairs.stream().map(p -> new SequenceInputs.Field(p.second(), p.where())).toList();
    }

    /** The first fields of {@code pairs}, where they are. */
    static List<SequenceInputs.Field> firsts(List<TsvPairs.Pair> pairs) {
        return pairs.stream().map(p -> new SequenceInputs.Field(p.first(), p.where())).toList();
    }
}
