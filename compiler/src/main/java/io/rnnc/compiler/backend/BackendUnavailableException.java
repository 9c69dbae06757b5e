package io.rnnc.compiler.backend;

import io.rnnc.runtime.Remedy;
import io.rnnc.runtime.RnncException;

/**
 * A backend that cannot run a cell as asked: no OpenCL platform or no such device, kernels
 * that do not build or run on the device, or a precision the backend does not compute in.
 */
public class BackendUnavailableException extends RnncException {
    /**
     * @param problem one sentence naming what is missing or failed
     * @param remedy the setting that avoids it, or null
     */
    public BackendUnavailableException(String problem, Remedy remedy) {
        super(problem, remedy);
    }
}
