package io.rnnc.cli;

import io.rnnc.runtime.Remedy;
import io.rnnc.runtime.RnncException;
import io.rnnc.runtime.tensor.HeapLimit;

/** The library's errors in the command line's words: the problem, then the option that avoids it. */
public final class ErrorMessages {
    private ErrorMessages() {
    }

    /** The sentence {@code rnnc} prints for {@code e}. */
    public static String of(RnncException e) {
        return e.remedy() == null ? e.problem() : e.problem() + "; " + option(e.remedy());
    }

    /** What to do about {@code remedy}, in the command line's options. */
    static String option(Remedy remedy) {
        return switch (remedy) {
            case FLOAT64 -> "use --precision f64";
            case FLOAT32 -> "use --precision f32";
            case JVM_BACKEND -> "use --backend jvm";
            case SMALLER_BATCH -> "use a smaller --batch or more text";
            case LARGER_BATCH -> "use a larger --batch";
            case SMALLER_MODEL -> "use a smaller --hidden, or " + HeapLimit.MORE_MEMORY_ADVICE;
            case SMALLER_TRAINING -> "use a smaller --hidden, --batch or --steps, or " + HeapLimit.MORE_MEMORY_ADVICE;
            case CHOSEN_COLUMNS -> "choose the input columns with --columns";
            case STABLER_TRAINING -> "lower --lr or --clip-norm, or give --skip-nonfinite to skip such batches";
        };
    }
}
