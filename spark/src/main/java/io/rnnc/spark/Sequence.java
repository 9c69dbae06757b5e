package io.rnnc.spark;

import io.rnnc.runtime.data.OneHot;
import java.io.Serializable;

/**
 * One sequence a model reads, as a partition keeps it: a text's token ids (one-hot only when
 * trained on), or numbers already standardised.
 *
 * @param ids the tokens of a text, or null
 * @param numbers the steps' features, or null
 */
record Sequence(int[] ids, double[][] numbers) implements Serializable {
    /** The steps, {@code [T][X]}, one-hot over {@code vocabulary} tokens where they are text. */
    double[][] steps(int vocabulary) {
        return ids != null ? OneHot.sequence(ids, vocabulary) : numbers;
    }
}
