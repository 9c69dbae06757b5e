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

    /**
     * What a decoder reads and must write, for sequence-to-sequence learning with teacher
     * forcing: {@code inputs} {@code [T][B][V]} are the target tokens shifted right behind a
     * start token, {@code ids} {@code [T][B]} the tokens to predict (−1 past {@code lengths}).
     */
    record Decoded(double[][][] inputs, int[] lengths, int[][] ids) implements Targets {
        /** The decoder's own batch. */
        public Batch batch() {
            return new Batch(inputs, lengths, new StepClasses(ids));
        }
    }
}
