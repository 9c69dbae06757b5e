package io.rnnc.runtime;

import io.rnnc.runtime.tensor.HeapLimit;

/**
 * A setting that avoids a {@link RnncException}: the message gives its advice in the Java API's
 * terms, and a command line names its own option for it.
 */
public enum Remedy {
    /** Compute in float64. */
    FLOAT64("build the model in float64 (ModelSpec.withFloat64(true))"),
    /** Compute in float32. */
    FLOAT32("build the model in float32 (ModelSpec.withFloat64(false))"),
    /** Run on the JVM backend. */
    JVM_BACKEND("build the model for the JVM backend (ModelSpec.withBackend(Backend.JVM))"),
    /** Fewer sequences in a batch, or more data. */
    SMALLER_BATCH("use a smaller batch or more text"),
    /** More sequences in a batch, so that each is shorter. */
    LARGER_BATCH("use a larger batch"),
    /** A model with fewer parameters, or a JVM with more memory. */
    SMALLER_MODEL("build the model with a smaller hidden size (ModelSpec's hidden), or "
            + HeapLimit.MORE_MEMORY_ADVICE),
    /** Less to keep for a training batch, or a JVM with more memory. */
    SMALLER_TRAINING("use a smaller hidden size (ModelSpec's hidden), fewer sequences in a batch or fewer steps in "
            + "each, or " + HeapLimit.MORE_MEMORY_ADVICE),
    /** Name the columns that are inputs, leaving out those that do not hold numbers. */
    CHOSEN_COLUMNS("choose the input columns (TimeSeries.of's chosen columns)"),
    /** Smaller updates, or batches whose loss or gradients are not finite skipped. */
    STABLER_TRAINING("lower the optimizer's learning rate or clip the gradients (Trainer.Settings.withClipNorm), or "
            + "skip such batches (Trainer.Settings.withSkipNonFinite(true))");

    private final String advice;

    Remedy(String advice) {
        this.advice = advice;
    }

    /** What to do, in the Java API's terms. */
    public String advice() {
        return advice;
    }
}
