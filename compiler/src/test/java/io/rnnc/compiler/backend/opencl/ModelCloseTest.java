package io.rnnc.compiler.backend.opencl;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aparapi.Kernel;
import io.rnnc.compiler.TestCells;
import io.rnnc.compiler.backend.Backend;
import io.rnnc.compiler.backend.BackendUnavailableException;
import io.rnnc.compiler.model.ModelSpec;
import io.rnnc.compiler.model.Models;
import io.rnnc.runtime.data.Batch;
import io.rnnc.runtime.data.SequenceDataset;
import io.rnnc.runtime.train.Model;
import io.rnnc.runtime.train.States;
import java.lang.reflect.Field;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A model on OpenCL frees its device memory when closed, and runs on the device the program names. */
class ModelCloseTest {
    private static final ModelSpec SPEC = ModelSpec.tagger(3, 5, 2).withBackend(Backend.OPENCL);
    private static final Batch BATCH = SequenceDataset.stepClasses(
            List.<double[][]>of(new double[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}), List.of(new int[] {1, 0, 1}))
            .batch(new int[] {0});

    @Test
    void closingTheModelDisposesOfItsKernelsAndTheirDeviceBuffers() throws Exception {
        OpenClAvailable.device();
        Model model = Models.build(TestCells.check(TestCells.GATED), SPEC.withBidirectional(true), 1);
        model.forward(BATCH, States.zero(), false);
        List<LayerKernel> kernels = model.recurrentLayers().get(0).directions().stream()
                .map(d -> ((OpenClLayer) d).kernel()).toList();
        for (LayerKernel k : kernels) {
            assertNotNull(runner(k), "a kernel that ran holds its OpenCL context and buffers");
        }
        model.close();
        for (LayerKernel k : kernels) {
            assertNull(runner(k), "closed: Aparapi has released the kernel's OpenCL context and buffers");
        }
        IllegalStateException used = assertThrows(IllegalStateException.class,
                () -> model.forward(BATCH, States.zero(), false));
        assertTrue(used.getMessage().contains("closed"), used.getMessage());
        model.close();
    }

    @Test
    void theDeviceIsChosenByItsNumber() {
        int devices = OpenClDevices.all().size();
        OpenClAvailable.device();
        try (Model model = Models.build(TestCells.check(TestCells.GATED), SPEC, 1, devices - 1)) {
            assertNotNull(model.forward(BATCH, States.zero(), false).steps());
        }
        BackendUnavailableException missing = assertThrows(BackendUnavailableException.class,
                () -> Models.build(TestCells.check(TestCells.GATED), SPEC, 1, devices));
        assertTrue(missing.getMessage().contains("there is no OpenCL device " + devices), missing.getMessage());
    }

    /** Aparapi's runner of a kernel: its OpenCL context and buffers, null once disposed of. */
    private static Object runner(Kernel kernel) throws ReflectiveOperationException {
        Field f = Kernel.class.getDeclaredField("kernelRunner");
        f.setAccessible(true);
        return f.get(kernel);
    }
}
