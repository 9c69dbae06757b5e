package io.rnnc.compiler.backend.opencl;

import io.rnnc.compiler.backend.BackendUnavailableException;
import io.rnnc.runtime.Remedy;

/**
 * Thrown when Aparapi ran a kernel in its Java thread pool instead of on the OpenCL device it
 * was compiled for: its results are not the device's, so the layer stops there.
 */
public final class OpenClFallbackException extends BackendUnavailableException {
    OpenClFallbackException(String problem) {
        super(problem, Remedy.JVM_BACKEND);
    }
}
