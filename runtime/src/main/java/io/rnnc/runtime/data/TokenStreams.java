package io.rnnc.runtime.data;

import io.rnnc.runtime.Remedy;

/**
 * A token sequence cut into B contiguous streams read side by side, the usual way to train a
 * language model with truncated BPTT: window k of every stream follows window k−1 of the same
 * stream, so the states at the end of one batch are the right start for the next. The streams
 * are views of the corpus's compact ids; only a window's one-hot inputs are built, when asked.
 */
public final class TokenStreams {
    private final TokenIds ids;
    private final int batch;
    private final int length;
    private final int vocabulary;

    /**
     * @param ids the tokens
     * @param batch number of streams B
     * @param vocabulary size of the one-hot inputs
     * @throws DataException when the text is too short for B streams of at least two tokens
     */
    public TokenStreams(int[] ids, int batch, int vocabulary, String where) {
        this(TokenIds.of(ids, vocabulary), batch, vocabulary, where);
    }

    /** As {@link #TokenStreams(int[], int, int, String)}, over compact ids. */
    public TokenStreams(TokenIds ids, int batch, int vocabulary, String where) {
        long length = ids.size() / batch;
        if (length < 2) {
            throw new DataException(where + ": has " + ids.size() + " tokens, too few for " + batch
                    + " streams of at least 2", Remedy.SMALLER_BATCH);
        }
        if (length > Integer.MAX_VALUE) {
            throw new DataException(where + ": has " + ids.size() + " tokens, more than " + batch + " streams of at most "
                    + Integer.MAX_VALUE + " each", Remedy.LARGER_BATCH);
        }
        this.ids = ids;
        this.batch = batch;
        this.length = (int) length;
        this.vocabulary = vocabulary;
    }

    /** Tokens per stream. */
    public int streamLength() {
        return length;
    }

    /** Number of streams. */
    public int batch() {
        return batch;
    }

    /** Inputs that have a next token to predict: every token of a stream but its last. */
    public int positions() {
        return length - 1;
    }

    /** Token {@code i} of stream {@code b}. */
    private int token(int b, int i) {
        return ids.get((long) b * length + i);
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
        double[][][] x = new double[t][batch][vocabulary];
        int[][] targets = new int[t][batch];
        for (int s = 0; s < t; s++) {
            for (int b = 0; b < batch; b++) {
                x[s][b][token(b, start + s)] = 1;
                targets[s][b] = token(b, start + s + 1);
            }
        }
        int[] lengths = new int[batch];
        java.util.Arrays.fill(lengths, t);
        return new Batch(x, lengths, new Targets.StepClasses(targets));
    }
}
