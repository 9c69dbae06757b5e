package io.rnnc.cli;

import io.rnnc.compiler.check.Size;
import io.rnnc.compiler.check.TypedCell;
import io.rnnc.compiler.model.InputSizeMismatch;
import java.util.Map;

/** Says why a cell cannot read what its layer receives, and which option would make it fit. */
final class InputSizes {
    private InputSizes() {
    }

    /** One sentence: the sizes that disagree, why the cell's is what it is, and the fix. */
    static String explain(InputSizeMismatch e) {
        Size needed = e.needed();
        String what = e.layer() == 0 ? "the data has " + e.received() + " features per step"
                : "recurrent layer " + (e.layer() + 1) + " receives " + e.received() + " from the layer below";
        return "the cell reads inputs of " + needed + " = " + e.neededValue() + " features (its equations tie the "
                + "input's size to " + String.join(" and ", needed.terms().keySet()) + "), but " + what + "; "
                + fix(e);
    }

    private static String fix(InputSizeMismatch e) {
        if (e.layer() > 0) {
            return "stack layers of a cell whose input size is free, or give --layers 1";
        }
        String solved = solved(e.needed(), e.received());
        String dense = "--dense " + e.neededValue() + " to map the data to " + e.neededValue() + " features first";
        return solved == null ? "give " + dense : "give " + solved + ", or " + dense;
    }

    /** The option that makes {@code needed} equal {@code received}, where one size alone decides it. */
    private static String solved(Size needed, int received) {
        if (needed.terms().size() != 1) {
            return null;
        }
        Map.Entry<String, Integer> term = needed.terms().entrySet().iterator().next();
        int rest = received - needed.constant();
        if (rest <= 0 || rest % term.getValue() != 0) {
            return null;
        }
        int value = rest / term.getValue();
        return term.getKey().equals(TypedCell.HIDDEN) ? "--hidden " + value : "--size " + term.getKey() + "=" + value;
    }
}
