package io.rnnc.runtime.train;

import java.util.List;
import java.util.Map;

/**
 * The states of a model's recurrent layers, in layer order: by state name, {@code
 * [directions][B][size]}. An empty list means every state starts at zero.
 */
public record States(List<Map<String, double[][][]>> layers) {
    /** All states zero. */
    public static States zero() {
        return new States(List.of());
    }

    /** The states of recurrent layer {@code k}; empty if not given. */
    public Map<String, double[][][]> layer(int k) {
        return k < layers.size() ? layers.get(k) : Map.of();
    }
}
