package io.rnnc.spark;

import io.rnnc.runtime.train.States;
import java.io.Serializable;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One partition's data: whole sequences (or whole streams of a text) and what it carries from
 * one step to the next. Spark keeps it in the executor's memory between steps; an executor that
 * is lost takes it along, and Spark builds it again from the files elsewhere.
 */
interface Shard extends Serializable {
    /** The partition's number. */
    int partition();

    /**
     * This partition's share of global step {@code step}'s batch, the states it starts from and
     * its sequences' places in the global batch, or null when none of the batch's sequences are here.
     *
     * @param carried what every partition carried after the step before, as the driver last
     *     heard it; read only by a shard built again (lost, or retried) that no longer has its own
     */
    Share work(long step, Supplier<Map<Integer, Map<String, TensorData>>> carried);

    /** Receives the final states of the share of step {@code step}. */
    void finished(long step, States finalStates);

    /** What this partition carries to the next step (empty for independent sequences). */
    Map<String, TensorData> carried();
}
