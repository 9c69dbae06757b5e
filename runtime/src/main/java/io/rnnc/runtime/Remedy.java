package io.rnnc.runtime;

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
    LARGER_BATCH("use a larger batch");

    private final String advice;

    Remedy(String advice) {
        this.advice = advice;
    }

    /** What to do, in the Java API's terms. */
    public String advice() {
        return advice;
    }
}
