package io.rnnc.runtime.train;

import java.util.ArrayList;
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

    /** Only the batch rows {@code rows} of every state, in that order. */
    public States rows(int[] rows) {
        List<Map<String, double[][][]>> out = new ArrayList<>();
        for (Map<String, double[][][]> layer : layers) {
            Map<String, double[][][]> m = new java.util.LinkedHashMap<>();
            layer.forEach((name, v) -> {
                double[][][] picked = new double[v.length][rows.length][];
                for (int d = 0; d < v.length; d++) {
                    for (int i = 0; i < rows.length; i++) {
                        picked[d][i] = v[d][rows[i]].clone();
                    }
                }
                m.put(name, picked);
            });
            out.add(m);
        }
        return new States(out);
    }
}
