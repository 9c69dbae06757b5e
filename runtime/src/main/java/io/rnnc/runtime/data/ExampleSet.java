package io.rnnc.runtime.data;

/** Numbered examples (sequences, windows of a series) that can be put in padded batches. */
public interface ExampleSet {
    /** Number of examples. */
    int size();

    /** The padded batch of the examples at {@code rows}, in that order. */
    Batch batch(int[] rows);
}
