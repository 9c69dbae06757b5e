package io.rnnc.runtime.data;

/**
 * A padded batch: inputs {@code x} {@code [T][B][X]}, sample b valid for {@code t < lengths[b]},
 * and what the model should produce.
 */
public record Batch(double[][][] x, int[] lengths, Targets targets) {
    /** Number of sequences. */
    public int size() {
        return lengths.length;
    }
}
