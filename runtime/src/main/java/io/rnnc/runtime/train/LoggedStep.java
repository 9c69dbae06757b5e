package io.rnnc.runtime.train;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.regex.Pattern;

/**
 * One line of a {@link MetricsLog}: a training step and the values logged at it, by name, in
 * the order they were added. A value may be NaN or infinite (a diverged loss).
 *
 * @param step the training step (updates so far), 0 or more
 * @param values the logged values by name: lower-case letters, digits and underscores, not {@code step}
 */
public record LoggedStep(long step, Map<String, Double> values) {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");

    public LoggedStep {
        if (step < 0) {
            throw new IllegalArgumentException("a step cannot be negative: " + step);
        }
        for (String name : values.keySet()) {
            if (!isName(name) || name.equals(MetricsLog.STEP)) {
                throw new IllegalArgumentException("`" + name + "` cannot name a logged value");
            }
        }
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** Step {@code step} with nothing logged yet. */
    public static LoggedStep at(long step) {
        return new LoggedStep(step, Map.of());
    }

    /** This step with {@code name} set to {@code value} (added last, or replaced where it was). */
    public LoggedStep with(String name, double value) {
        Map<String, Double> more = new LinkedHashMap<>(values);
        more.put(name, value);
        return new LoggedStep(step, more);
    }

    /** This step with every value of {@code more} set, in its order. */
    public LoggedStep with(Map<String, Double> more) {
        Map<String, Double> all = new LinkedHashMap<>(values);
        all.putAll(more);
        return new LoggedStep(step, all);
    }

    /** The value logged as {@code name}, or empty when this step has none. */
    public OptionalDouble get(String name) {
        Double v = values.get(name);
        return v == null ? OptionalDouble.empty() : OptionalDouble.of(v);
    }

    /** Whether {@code name} can name a logged value: lower-case letters, digits and underscores. */
    public static boolean isName(String name) {
        return NAME.matcher(name).matches();
    }
}
