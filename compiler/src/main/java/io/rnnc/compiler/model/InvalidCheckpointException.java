package io.rnnc.compiler.model;

import io.rnnc.runtime.RnncException;

/**
 * A file that is not a readable checkpoint, or one that does not fit the model it is loaded
 * into; the message names the file and the problem.
 */
public final class InvalidCheckpointException extends RnncException {
    /** @param message names the file and the problem */
    public InvalidCheckpointException(String message) {
        super(message, null);
    }
}
