package io.rnnc.runtime.train;

import io.rnnc.runtime.Remedy;
import io.rnnc.runtime.RnncException;

/**
 * A training step met a NaN or an infinity: in the loss, in a parameter's gradient, or in a
 * parameter after the update. The message says which, at which step, and what settings avoid it.
 */
public final class NonFiniteException extends RnncException {
    private final long step;
    private final boolean parametersIntact;

    /**
     * @param step the step that failed, counted from 1
     * @param what what was not finite, as a clause ("the loss is NaN; the first gradient that is not finite is W's")
     * @param parametersIntact whether the parameters are still those before the step (nothing was updated)
     */
    NonFiniteException(long step, String what, boolean parametersIntact) {
        super("step " + step + ": " + what, Remedy.STABLER_TRAINING);
        this.step = step;
        this.parametersIntact = parametersIntact;
    }

    /** The step that failed, counted from 1. */
    public long step() {
        return step;
    }

    /** Whether the parameters are those before the failed step, and so worth saving. */
    public boolean parametersIntact() {
        return parametersIntact;
    }
}
