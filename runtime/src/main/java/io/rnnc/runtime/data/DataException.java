package io.rnnc.runtime.data;

import io.rnnc.runtime.Remedy;
import io.rnnc.runtime.RnncException;

/**
 * A data file that cannot be used, or data that does not fit the model; the message is one
 * sentence that names the file (where there is one) and the problem.
 */
public final class DataException extends RnncException {
    /** @param message names the file and the problem */
    public DataException(String message) {
        super(message, null);
    }

    /**
     * @param problem names the file and the problem
     * @param remedy the setting that avoids it
     */
    public DataException(String problem, Remedy remedy) {
        super(problem, remedy);
    }
}
