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

    /** Makes every dropout mask of the next run a function of {@code seed} and {@code step} alone. */
    void reseedDropout(long seed, long step);

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
