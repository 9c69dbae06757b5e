package io.rnnc.cli;

import io.rnnc.runtime.Remedy;
import io.rnnc.runtime.RnncException;

/** The library's errors in the command line's words: the problem, then the option that avoids it. */
final class ErrorMessages {
    private ErrorMessages() {
    }

    /** The sentence {@code rnnc} prints for {@code e}. */
    static String of(RnncException e) {
        return e.remedy() == null ? e.problem() : e.problem() + "; " + option(e.remedy());
    }

    private static String option(Remedy remedy) {
        return switch (remedy) {
            case FLOAT64 -> "use --precision f64";
            case FLOAT32 -> "use --precision f32";
            case JVM_BACKEND -> "use --backend jvm";
            case SMALLER_BATCH -> "use a smaller --batch or more text";
            case LARGER_BATCH -> "use a larger --batch";
        };
    }
}
