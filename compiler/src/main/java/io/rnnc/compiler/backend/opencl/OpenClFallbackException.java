package io.rnnc.compiler.backend.opencl;

/**
 * Thrown when Aparapi ran a kernel in its Java thread pool instead of on the OpenCL device it
 * was compiled for: its results are not the device's, so the layer stops there.
 */
public final class OpenClFallbackException extends IllegalStateException {
    OpenClFallbackException(String message) {
        super(message);
    }
}
