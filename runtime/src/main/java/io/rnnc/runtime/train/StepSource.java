package io.rnnc.runtime.train;

import io.rnnc.runtime.data.Batch;
import io.rnnc.runtime.tensor.Tensor;
import java.util.Map;

/**
 * Where each training step's batch comes from, and the states it starts from. Step n's work is
 * a function of n and of what earlier steps handed back, so a run can resume at any step.
 */
public interface StepSource {
    /** Steps in one pass over the data. */
    int stepsPerEpoch();

    /** The batch and initial states of global step {@code step}. */
    Work work(long step);

    /** Receives the final states of step {@code step}, for sources that carry states across steps. */
    void finished(long step, States finalStates);

    /** What the source carries between steps, to be saved with a checkpoint; empty if nothing. */
    Map<String, Tensor> carried();

    /** Restores what {@link #carried()} returned. */
    void restore(Map<String, Tensor> carried);

    /** A step's batch and initial states. */
    record Work(Batch batch, States initial) {
    }
}
