package io.rnnc.runtime.train;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What an evaluation found, as named numbers in the order they were computed ({@code loss},
 * {@code accuracy}, …): data that reports, files and plots read, rather than a formatted line.
 * Empty when there was nothing to evaluate.
 *
 * @param values each metric's value by name
 */
public record Metrics(Map<String, Double> values) {
    public Metrics {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** No metrics: nothing was evaluated. */
    public static Metrics none() {
        return new Metrics(Map.of());
    }

    /** Whether anything was evaluated. */
    public boolean isEmpty() {
        return values.isEmpty();
    }

    /**
     * The value of metric {@code name}.
     *
     * @throws IllegalArgumentException when there is no such metric
     */
    public double get(String name) {
        Double v = values.get(name);
        if (v == null) {
            throw new IllegalArgumentException("no metric `" + name + "`; there are " + values.keySet());
        }
        return v;
    }
}
