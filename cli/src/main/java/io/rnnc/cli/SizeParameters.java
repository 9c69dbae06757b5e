package io.rnnc.cli;

import io.rnnc.compiler.check.TypedCell;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The values of a cell's size parameters (sizes other than H and X that its equations leave
 * open, such as the output size Y of `y_t = softmax(W_y h_t + b_y)`): given with
 * `--size NAME=N`, or chosen by the command, which then says so in one line.
 */
final class SizeParameters {
    private SizeParameters() {
    }

    /**
     * Every size parameter of {@code cell}: as {@code given}, else {@code otherwise}, with a
     * notice on {@code err} naming the ones chosen.
     *
     * @param why what {@code otherwise} is, for the notice: "the hidden size"
     * @throws UsageError for a name the cell does not have, or a value below 1
     */
    static Map<String, Integer> resolve(TypedCell cell, Map<String, Integer> given, int otherwise, String why,
                                        PrintWriter err) {
        check(cell, given);
        Map<String, Integer> values = new TreeMap<>(given);
        List<String> chosen = new ArrayList<>();
        for (String s : cell.sizeParams()) {
            if (!values.containsKey(s)) {
                values.put(s, otherwise);
                chosen.add(s + " = " + otherwise);
            }
        }
        if (!chosen.isEmpty()) {
            err.printf("rnnc: the cell's size %s chosen (%s); set %s with --size %s=N%n",
                    String.join(", ", chosen) + (chosen.size() == 1 ? " was" : " were"), why,
                    chosen.size() == 1 ? "it" : "them", chosen.size() == 1 ? chosen.get(0).split(" ")[0] : "NAME");
            err.flush();
        }
        return values;
    }

    /** Refuses a name the cell has no size parameter for, or a value below 1. */
    static void check(TypedCell cell, Map<String, Integer> given) {
        for (Map.Entry<String, Integer> e : given.entrySet()) {
            if (!cell.sizeParams().contains(e.getKey())) {
                throw new UsageError("--size " + e.getKey() + "=" + e.getValue() + ": cell " + cell.name()
                        + (cell.sizeParams().isEmpty() ? " has no size parameters"
                        : " has no size " + e.getKey() + "; its size parameters are " + String.join(", ", cell.sizeParams())));
            }
            if (e.getValue() < 1) {
                throw new UsageError("--size " + e.getKey() + "=" + e.getValue() + ": a size is at least 1");
            }
        }
    }
}
