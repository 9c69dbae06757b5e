package io.rnnc.compiler.backend.opencl;

import com.aparapi.device.Device;
import com.aparapi.device.OpenCLDevice;
import com.aparapi.internal.opencl.OpenCLLoader;
import com.aparapi.internal.opencl.OpenCLPlatform;
import io.rnnc.compiler.backend.BackendUnavailableException;
import io.rnnc.runtime.Remedy;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/** The OpenCL devices of this machine, numbered across platforms, and the choice among them. */
public final class OpenClDevices {
    /** The problem when no OpenCL driver is installed. */
    public static final String NO_PLATFORM = "no OpenCL platform found; install a vendor driver or PoCL "
            + "(apt-get install pocl-opencl-icd)";
    /** Aparapi's logger; kept so that its level set here holds. */
    private static final Logger APARAPI_LOG = Logger.getLogger("com.aparapi");

    static {
        // Aparapi logs warnings for every class file attribute it does not know; rnnc reports failures itself.
        APARAPI_LOG.setLevel(Level.SEVERE);
    }

    private OpenClDevices() {
    }

    /** Every OpenCL device of every platform, in the order `rnnc devices` numbers them. */
    public static List<OpenCLDevice> all() {
        if (!OpenCLLoader.isOpenCLAvailable()) {
            throw new BackendUnavailableException(NO_PLATFORM, Remedy.JVM_BACKEND);
        }
        List<OpenCLDevice> devices = new ArrayList<>();
        for (OpenCLPlatform p : OpenCLPlatform.getUncachedOpenCLPlatforms()) {
            devices.addAll(p.getOpenCLDevices());
        }
        if (devices.isEmpty()) {
            throw new BackendUnavailableException(NO_PLATFORM, Remedy.JVM_BACKEND);
        }
        return devices;
    }

    /**
     * The device numbered {@code index} in {@link #all()}, or, for a negative index, the first
     * GPU (else the first device).
     */
    public static OpenCLDevice choose(int index) {
        List<OpenCLDevice> devices = all();
        if (index >= devices.size()) {
            throw new BackendUnavailableException("there is no OpenCL device " + index + "; there are " + devices.size()
                    + " (0 to " + (devices.size() - 1) + "), listed by OpenClDevices.all() and `rnnc devices`", null);
        }
        if (index >= 0) {
            return devices.get(index);
        }
        for (OpenCLDevice d : devices) {
            if (d.getType() == Device.TYPE.GPU) {
                return d;
            }
        }
        return devices.get(0);
    }

    /** One line for a device: its platform, name, type, compute units and memory. */
    public static String describe(OpenCLDevice d) {
        return d.getOpenCLPlatform().getName() + ": " + d.getName().trim() + " (" + d.getType() + ", "
                + d.getMaxComputeUnits() + " compute units, " + (d.getGlobalMemSize() >> 20) + " MiB)";
    }
}
