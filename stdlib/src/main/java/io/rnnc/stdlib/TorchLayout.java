package io.rnnc.stdlib;

import java.util.List;
import java.util.Map;

/**
 * How the PyTorch-compatible stdlib cells store their parameters under PyTorch's names: each
 * PyTorch tensor is the cell's per-gate parameters stacked by rows, in PyTorch's gate order
 * (`weight_ih_l0` of an LSTM is `[W_ii; W_if; W_ig; W_io]`, `[4H, X]`).
 */
public final class TorchLayout {
    private static final Map<String, Map<String, List<String>>> LAYOUTS = Map.of(
            "rnn_tanh", elman(), "rnn_relu", elman(),
            "lstm", Map.of(
                    "weight_ih", List.of("W_ii", "W_if", "W_ig", "W_io"),
                    "weight_hh", List.of("W_hi", "W_hf", "W_hg", "W_ho"),
                    "bias_ih", List.of("b_ii", "b_if", "b_ig", "b_io"),
                    "bias_hh", List.of("b_hi", "b_hf", "b_hg", "b_ho")),
            "gru", Map.of(
                    "weight_ih", List.of("W_ir", "W_iz", "W_in"),
                    "weight_hh", List.of("W_hr", "W_hz", "W_hn"),
                    "bias_ih", List.of("b_ir", "b_iz", "b_in"),
                    "bias_hh", List.of("b_hr", "b_hz", "b_hn")));

    /** PyTorch's tensor names in the order its state_dict lists them. */
    public static final List<String> TENSORS = List.of("weight_ih", "weight_hh", "bias_ih", "bias_hh");

    private TorchLayout() {
    }

    private static Map<String, List<String>> elman() {
        return Map.of("weight_ih", List.of("W_ih"), "weight_hh", List.of("W_hh"),
                "bias_ih", List.of("b_ih"), "bias_hh", List.of("b_hh"));
    }

    /**
     * For a stdlib cell, each PyTorch tensor (without the `_l0` suffix) and the cell parameters
     * stacked in it; null for a cell PyTorch does not have.
     */
    public static Map<String, List<String>> of(String stdlibName) {
        return LAYOUTS.get(stdlibName);
    }

    /** PyTorch's suffix for a layer and direction: `_l0`, `_l1_reverse`. */
    public static String suffix(int layer, boolean reverse) {
        return "_l" + layer + (reverse ? "_reverse" : "");
    }
}
