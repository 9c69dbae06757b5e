package io.rnnc.compiler.backend.opencl;

import static org.junit.jupiter.api.Assertions.fail;

import com.aparapi.device.OpenCLDevice;
import io.rnnc.compiler.backend.BackendUnavailableException;
import org.junit.jupiter.api.Assumptions;

/**
 * The device the OpenCL tests run on. Without an OpenCL platform they are skipped with the
 * reason, except in CI (CI=true), which installs PoCL: there a missing platform fails them.
 */
public final class OpenClAvailable {
    private OpenClAvailable() {
    }

    /** The default device, or the test is skipped (or failed in CI) with the reason. */
    public static OpenCLDevice device() {
        try {
            return OpenClDevices.choose(-1);
        } catch (BackendUnavailableException e) {
            if ("true".equals(System.getenv("CI"))) {
                fail("CI must run the OpenCL tests, but: " + e.getMessage());
            }
            Assumptions.abort("OpenCL tests skipped: " + e.getMessage());
            throw new IllegalStateException("unreachable");
        }
    }
}
