package io.rnnc.compiler.backend.opencl;

import com.aparapi.Range;
import com.aparapi.device.Device;
import com.aparapi.device.OpenCLDevice;
import com.aparapi.internal.kernel.KernelManager;
import io.rnnc.compiler.backend.BackendUnavailableException;
import io.rnnc.runtime.Remedy;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Launches the passes of one layer's kernel on one OpenCL device, after compiling it there
 * first (where Aparapi's {@code execute} would fall back to the Java thread pool in silence),
 * and checks after every launch that it ran on that device.
 */
final class Launcher {
    private final LayerKernel kernel;
    private final OpenCLDevice device;

    /**
     * Builds the kernel's OpenCL program for {@code device}.
     *
     * @throws BackendUnavailableException when the program does not build there
     */
    Launcher(LayerKernel kernel, OpenCLDevice device, String cellName) {
        this.kernel = kernel;
        this.device = device;
        KernelManager.instance().setPreferredDevices(kernel, new LinkedHashSet<>(List.of(device)));
        kernel.setExplicit(true);
        try {
            kernel.compile(device);
        } catch (com.aparapi.exception.CompileFailedException | RuntimeException e) {
            throw new BackendUnavailableException("the OpenCL kernels of cell " + cellName + " did not build on "
                    + device.getName().trim() + " (" + firstLine(e.getMessage()) + ")", Remedy.JVM_BACKEND);
        }
    }

    LayerKernel kernel() {
        return kernel;
    }

    OpenCLDevice device() {
        return device;
    }

    /** Runs {@code pass} over {@code items} work-items, rounded up to whole work-groups (the kernel tests its bound). */
    void run(int pass, long items) {
        kernel.pass = pass;
        execute(device.createRange(roundUp(items, LayerKernel.GROUP), LayerKernel.GROUP));
    }

    /** Runs the tiled product over an {@code m} × {@code n} result, one work-group per TILE × TILE block. */
    void gemm(int m, int n) {
        kernel.pass = LayerKernel.GEMM;
        long blocks = (long) ((m + LayerKernel.TILE - 1) / LayerKernel.TILE) * ((n + LayerKernel.TILE - 1) / LayerKernel.TILE);
        execute(device.createRange(roundUp(blocks * LayerKernel.GROUP, LayerKernel.GROUP), LayerKernel.GROUP));
    }

    /**
     * Where an OpenCL launch fails, Aparapi marks the device failed and either runs the kernel
     * in its Java thread pool or, with the device given in the range as here, gives up with an
     * AssertionError: both end the layer with one message.
     */
    private void execute(Range range) {
        try {
            kernel.execute(range);
        } catch (RuntimeException | AssertionError e) {
            throw fallback(e.getMessage());
        }
        if (!ranOnlyOn(kernel, device)) {
            throw fallback("Aparapi ran it in its Java thread pool instead");
        }
    }

    private OpenClFallbackException fallback(String reason) {
        return new OpenClFallbackException("an OpenCL kernel of this layer failed on " + device.getName().trim()
                + " (" + firstLine(reason) + ")");
    }

    /**
     * True when the launches of {@code kernel} so far ran on {@code device}: where an OpenCL
     * launch fails, Aparapi marks the device failed in the kernel's preferences before running
     * the kernel in its Java thread pool; and its profile of the class lists the devices it
     * executed on.
     */
    static boolean ranOnlyOn(LayerKernel kernel, OpenCLDevice device) {
        Collection<Device> used = KernelManager.instance().getProfile(kernel.getClass()).getDevices();
        return used.contains(device) && used.stream().allMatch(d -> d == device)
                && !KernelManager.instance().getPreferences(kernel).getFailedDevices().contains(device);
    }

    private static int roundUp(long n, int multiple) {
        long r = (n + multiple - 1) / multiple * multiple;
        if (r > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("a launch of " + n + " work-items is more than OpenCL ranges hold");
        }
        return (int) Math.max(r, multiple);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "no reason given";
        }
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).trim();
    }
}
