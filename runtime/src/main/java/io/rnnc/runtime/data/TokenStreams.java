package io.rnnc.runtime.data;

import io.rnnc.runtime.Remedy;

/**
 * A token sequence cut into B contiguous streams read side by side, the usual way to train a
 * language model with truncated BPTT: window k of every stream follows window k−1 of the same
 * stream, so the states at the end of one batch are the right start for the next.
 */
public final class TokenStreams {
    private final int[][] streams;
    private final int vocabulary;

    /**
     * @param ids the tokens
     * @param batch number of streams B
     * @param vocabulary size of the one-hot inputs
     * @throws DataException when the text is too short for B streams of at least two tokens
     */
    public TokenStreams(int[] ids, int batch, int vocabulary, String where) {
        int length = ids.length / batch;
        if (length < 2) {
            throw new DataException(where + ": has " + ids.length + " tokens, too few for " + batch
                    + " streams of at least 2", Remedy.SMALLER_BATCH);
        }
        this.vocabulary = vocabulary;
        this.streams = new int[batch][length];
        for (int b = 0; b < batch; b++) {
            System.arraycopy(ids, b * length, streams[b], 0, length);
        }
    }

    /** Tokens per stream. */
    public int streamLength() {
        return streams[0].length;
    }

    /** Number of streams. */
    public int batch() {
        return streams.length;
    }

    /** Inputs that have a next token to predict: every token of a stream but its last. */
    public int positions() {
        return streamLength() - 1;
    }

    /**
     * The batch of inputs {@code [start, start+steps)} of every stream, one-hot, with the next
     * token as the target; a window running past the end is cut short.
     */
    public Batch window(int start, int steps) {
        int t = Math.min(steps, positions() - start);
        if (t <= 0) {
            throw new IllegalArgumentException("window starts at " + start + ", past the " + positions() + " positions");
        }
        double[][][] x = new double[t][batch()][vocabulary];
        int[][] targets = new int[t][batch()];
        for (int s = 0; s < t; s++) {
            for (int b = 0; b < batch(); b++) {
                x[s][b][streams[b][start + s]] = 1;
                targets[s][b] = streams[b][start + s + 1];
            }
        }
        int[] lengths = new int[batch()];
        java.util.Arrays.fill(lengths, t);
        return new Batch(x, lengths, new Targets.StepClasses(targets));
    }
}
