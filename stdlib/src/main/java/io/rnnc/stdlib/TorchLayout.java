package io.rnnc.stdlib;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a PyTorch-compatible stdlib cell stores its parameters under PyTorch's names: each
 * PyTorch tensor is the cell's per-gate parameters stacked by rows, in PyTorch's gate order
 * (`weight_ih_l0` of an LSTM is `[W_ii; W_if; W_ig; W_io]`, `[4H, X]`). The layout is data kept
 * beside the cell, `NAME.torch`, one tensor a line in PyTorch's `state_dict` order:
 * `weight_ih = W_ii W_if W_ig W_io` (`#` starts a comment).
 */
public final class TorchLayout {
    private TorchLayout() {
    }

    /**
     * For a stdlib cell, each PyTorch tensor (without the `_l0` suffix) and the cell parameters
     * stacked in it, in PyTorch's order; null for a cell PyTorch does not have.
     */
    public static Map<String, List<String>> of(String stdlibName) {
        if (!Stdlib.names().contains(stdlibName)) {
            return null;
        }
        byte[] bytes = Stdlib.resource(stdlibName + ".torch");
        return bytes == null ? null : parse(new String(bytes, StandardCharsets.UTF_8), stdlibName + ".torch");
    }

    static Map<String, List<String>> parse(String text, String fileName) {
        Map<String, List<String>> layout = new LinkedHashMap<>();
        for (String raw : text.split("\\R")) {
            String line = raw.replaceAll("#.*", "").strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] sides = line.split("=", 2);
            if (sides.length != 2 || sides[0].isBlank() || sides[1].isBlank()) {
                throw new IllegalStateException(fileName + ": `" + raw + "` is not `tensor = parameters…`");
            }
            layout.put(sides[0].strip(), List.of(sides[1].strip().split("\\s+")));
        }
        return Collections.unmodifiableMap(layout);
    }

}
