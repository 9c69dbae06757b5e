package io.rnnc.runtime.data;

/** What a batch should produce: a class or values at every step, or one per sequence. */
public sealed interface Targets {
    /** A class id per step and sequence {@code [T][B]}; −1 marks a position that does not count. */
    record StepClasses(int[][] ids) implements Targets {
    }

    /** A class id per sequence {@code [B]}. */
    record SequenceClasses(int[] ids) implements Targets {
    }

    /** Values per step and sequence {@code [T][B][Y]}. */
    record StepValues(double[][][] values) implements Targets {
    }

    /** Values per sequence {@code [B][Y]}. */
    record SequenceValues(double[][] values) implements Targets {
    }
}
