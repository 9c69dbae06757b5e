package io.rnnc.runtime.optim;

import java.util.Objects;

/** Reads the text form of a learning-rate schedule, for {@link LearningRates#parse}. */
final class ScheduleSpec {

    private static final String WARMUP = "warmup:";
    private static final String FORMS = "constant, step:EVERY:GAMMA, cosine, warmup:N or warmup:N+SCHEDULE";

    private ScheduleSpec() {
    }

    static LearningRate parse(String spec, double lr, long totalSteps) {
        Objects.requireNonNull(spec, "spec");
        if (!spec.startsWith(WARMUP)) {
            return parseUnwarmed(spec, spec, lr, totalSteps);
        }
        String rest = spec.substring(WARMUP.length());
        int plus = rest.indexOf('+');
        String steps = plus < 0 ? rest : rest.substring(0, plus);
        String inner = plus < 0 ? "constant" : rest.substring(plus + 1);
        if (inner.startsWith(WARMUP)) {
            throw new IllegalArgumentException("learning-rate schedule `" + spec + "` has two warm-ups; give one");
        }
        int warmupSteps = (int) wholeNumber(steps, spec, "warm-up steps", Integer.MAX_VALUE);
        return LearningRates.warmup(parseUnwarmed(inner, spec, lr, totalSteps), warmupSteps);
    }

    /** Parses one of the forms without a warm-up; {@code spec} is the whole text, for messages. */
    private static LearningRate parseUnwarmed(String form, String spec, double lr, long totalSteps) {
        String[] parts = form.split(":", -1);
        switch (parts[0]) {
            case "constant":
                requireArity(parts, 1, spec, "constant");
                return LearningRates.constant(lr);
            case "cosine":
                requireArity(parts, 1, spec, "cosine");
                if (totalSteps < 1) {
                    throw new IllegalArgumentException("learning-rate schedule `" + spec
                            + "` needs the total number of training steps, but it is " + totalSteps);
                }
                return LearningRates.cosine(lr, totalSteps, 0);
            case "step":
                requireArity(parts, 3, spec, "step:EVERY:GAMMA");
                return LearningRates.step(lr, wholeNumber(parts[1], spec, "steps between decays", Long.MAX_VALUE),
                        positiveNumber(parts[2], spec));
            default:
                throw new IllegalArgumentException("unknown learning-rate schedule `" + spec + "`; expected " + FORMS);
        }
    }

    private static void requireArity(String[] parts, int expected, String spec, String form) {
        if (parts.length != expected) {
            throw new IllegalArgumentException("learning-rate schedule `" + spec + "` does not have the form " + form);
        }
    }

    private static long wholeNumber(String text, String spec, String what, long max) {
        try {
            long n = Long.parseLong(text);
            if (n >= 1 && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // Reported below together with the out-of-range case.
        }
        String range = max == Long.MAX_VALUE ? ">= 1" : "from 1 to " + max;
        throw new IllegalArgumentException("learning-rate schedule `" + spec + "` needs a whole number " + range
                + " of " + what + ", not `" + text + "`");
    }

    private static double positiveNumber(String text, String spec) {
        try {
            double v = Double.parseDouble(text);
            if (v > 0 && !Double.isInfinite(v)) {
                return v;
            }
        } catch (NumberFormatException e) {
            // Reported below together with the out-of-range case.
        }
        throw new IllegalArgumentException("learning-rate schedule `" + spec + "` needs a decay factor > 0, not `"
                + text + "`");
    }
}
