package io.rnnc.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tensors of a file that a command would not read: a file made for more layers or both
 * directions would otherwise give a smaller model's answer without a word. Named in one
 * sentence, with the option that would use them.
 */
final class UnusedTensors {
    /** A layer's suffix in a tensor's name, PyTorch's `_l1`. */
    private static final Pattern LAYER_SUFFIX = Pattern.compile("_l(\\d+)(_reverse)?$");

    private UnusedTensors() {
    }

    /**
     * Throws a {@link UserError} naming {@code unused}, unless it is empty.
     *
     * @param model what the tensors are not used by: "1 one-directional layer of gru"
     */
    static void refuse(String fileName, List<String> unused, String model, int layers, boolean bidirectional) {
        if (unused.isEmpty()) {
            return;
        }
        List<String> hints = new ArrayList<>();
        int deepest = unused.stream().map(LAYER_SUFFIX::matcher).filter(Matcher::find)
                .mapToInt(m -> Integer.parseInt(m.group(1))).max().orElse(-1);
        if (deepest >= layers) {
            hints.add("tensors of layer " + deepest + " need --layers " + (deepest + 1));
        }
        if (!bidirectional && unused.stream().anyMatch(n -> n.endsWith("_reverse"))) {
            hints.add("`_reverse` tensors need --bidirectional");
        }
        throw new UserError(fileName + ": " + (unused.size() == 1 ? "tensor " : "tensors ")
                + String.join(", ", unused.stream().map(n -> "`" + n + "`").toList())
                + (unused.size() == 1 ? " is" : " are") + " not used by " + model
                + (hints.isEmpty() ? "" : "; " + String.join(", and ", hints)));
    }

    /** "2 bidirectional layers of lstm". */
    static String layers(int layers, boolean bidirectional, String cellName) {
        return layers + " " + (bidirectional ? "bidirectional" : "one-directional") + " layer" + (layers == 1 ? "" : "s")
                + " of " + cellName;
    }
}
