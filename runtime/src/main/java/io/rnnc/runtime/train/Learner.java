package io.rnnc.runtime.train;

import io.rnnc.runtime.data.Batch;
import io.rnnc.runtime.loss.Reduction;
import io.rnnc.runtime.tensor.Tensor;
import java.util.Map;

/**
 * Something a {@link Trainer} can train: a {@link Model}, or an {@link EncoderDecoder}. Close
 * it when done: a cell on an OpenCL device holds device memory until then.
 */
public interface Learner extends AutoCloseable {
    /** Every parameter, live, by name. */
    Map<String, Tensor> parameters();

    /**
     * Makes every dropout mask of the next run a function of {@code seed}, {@code step} and each
     * sequence's place in the step's global batch, of which the next batch may be a share (a
     * partition's): its row b is sample {@code places[b]} of the global batch.
     *
     * @param places each row's place in the global batch, or null when the batch is the global batch
     */
    void reseedDropout(long seed, long step, int[] places);

    /** The same for a batch that is the whole of step {@code step}'s: the masks depend on {@code seed} and {@code step} alone. */
    default void reseedDropout(long seed, long step) {
        reseedDropout(seed, step, null);
    }

    /** A training run on a batch: forward with dropout, loss, backward. */
    Gradients gradients(Batch batch, States initial, Reduction reduction);

    /** The loss on a batch without dropout and without gradients. */
    double loss(Batch batch, States initial, Reduction reduction);

    /**
     * Frees what the recurrent layers hold outside the Java heap (device memory); the learner
     * cannot run after. Nothing to free by default.
     */
    @Override
    default void close() {
    }

    /** What {@link #gradients} found: the loss, the parameters' gradients by name, and the final states. */
    record Gradients(double loss, Map<String, Tensor> grads, States finalStates) {
    }
}
