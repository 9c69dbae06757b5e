package io.rnnc.spark;

import io.rnnc.runtime.train.StepSource;

/**
 * A partition's share of a step: its batch and initial states, and the place of each of the
 * batch's sequences in the step's global batch, where the sequence draws its dropout masks.
 */
record Share(StepSource.Work work, int[] places) {
}
