package io.rnnc.cli;

import com.aparapi.device.OpenCLDevice;
import io.rnnc.compiler.backend.opencl.OpenClDevices;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** `rnnc devices`: the OpenCL devices, numbered as `--device N` takes them. */
@Command(name = "devices", description = "List the OpenCL devices, numbered for --device.")
final class DevicesCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<OpenCLDevice> devices = OpenClDevices.all();
        OpenCLDevice chosen = OpenClDevices.choose(-1);
        for (int i = 0; i < devices.size(); i++) {
            OpenCLDevice d = devices.get(i);
            out.println(i + ": " + OpenClDevices.describe(d) + (d.getDeviceId() == chosen.getDeviceId() ? "  (default)" : ""));
        }
        out.flush();
        return Exit.OK;
    }
}
