package io.rnnc.compiler.backend.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aparapi.device.OpenCLDevice;
import com.aparapi.internal.kernel.KernelManager;
import io.rnnc.compiler.CellProgram;
import io.rnnc.compiler.TestCells;
import io.rnnc.compiler.check.TypedCell;
import io.rnnc.runtime.engine.RecurrentLayer;
import io.rnnc.runtime.tensor.RandomArrays;
import io.rnnc.runtime.tensor.Tensor;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Aparapi's known pitfalls, each checked: the kernels run on the OpenCL device and a run in
 * Aparapi's Java thread pool is caught; generated classes never share a name unless they are
 * the same code; kernels allocate nothing.
 */
class KernelsRunOnTheDeviceTest {
    private static final String ELMAN = "cell Elman {\n h_t = tanh(W h_{t-1} + U x_t + b)\n input x\n}\n";
    private static final String MGU = "cell MGU {\n f_t = σ(W_f h_{t-1} + U_f x_t + b_f)\n"
            + " h_t = (1 - f_t) ⊙ h_{t-1} + f_t ⊙ tanh(W_h (f_t ⊙ h_{t-1}) + U_h x_t + b_h)\n input x\n}\n";

    private static OpenClLayer layer(String text, OpenCLDevice device) throws Exception {
        TypedCell cell = TestCells.check("cell.rnn", text);
        Map<String, Integer> sizes = Map.of("H", 6, "X", 3);
        Map<String, Tensor> params = CellProgram.of(cell).randomParameters(sizes, new Random(1), 0.5);
        return new OpenClLayer(OpenClCell.compile(CellProgram.grouped(cell), sizes), params, device);
    }

    private static void trainingStep(RecurrentLayer layer) {
        Random rng = new Random(2);
        int[] lengths = {5, 3};
        double[][][] x = RandomArrays.sequence(5, 2, layer.inputSize(), rng);
        RecurrentLayer.Forward f = layer.forward(x, lengths, Map.of());
        layer.backward(f, RandomArrays.sequence(5, 2, layer.outputSize(), rng), Map.of(), new HashMap<>());
    }

    /** Without libjsig the OpenCL driver's signal handlers crash the JVM at random: the build preloads it. */
    @Test
    void theTestJvmRunsWithLibjsigPreloaded() {
        String preload = System.getenv("LD_PRELOAD");
        assertTrue(preload != null && preload.contains("libjsig.so"), "LD_PRELOAD=" + preload);
        assertTrue(java.nio.file.Files.exists(java.nio.file.Path.of(preload.split(":")[0])), preload);
    }

    @Test
    void everyLaunchOfATrainingStepRanOnTheOpenClDevice() throws Exception {
        OpenCLDevice device = OpenClAvailable.device();
        OpenClLayer layer = layer(ELMAN, device);
        trainingStep(layer);
        assertEquals(List.of(device), List.copyOf(KernelManager.instance().getProfile(layer.kernel().getClass()).getDevices()),
                "Aparapi's record of the devices the kernel executed on");
        assertTrue(Launcher.ranOnlyOn(layer.kernel(), device));
    }

    /**
     * A launch that fails on the device (an empty buffer is invalid in OpenCL), after which
     * Aparapi gives the device up for this kernel, ends the layer with one message.
     */
    @Test
    void aLaunchThatFailsOnTheDeviceIsAnError() throws Exception {
        OpenCLDevice device = OpenClAvailable.device();
        OpenClCell cell = OpenClCell.compile(CellProgram.grouped(TestCells.check("e", ELMAN)), Map.of("H", 5, "X", 2));
        LayerKernel k = cell.newKernel();
        Launcher launcher = new Launcher(k, device, "Elman");
        k.mem = new float[0];
        k.rsWidth = 0;
        OpenClFallbackException e = assertThrows(OpenClFallbackException.class, () -> launcher.run(LayerKernel.ROW_SUM, 1));
        assertTrue(e.getMessage().startsWith("an OpenCL kernel of this layer failed on "), e.getMessage());
        assertFalse(Launcher.ranOnlyOn(k, device), "Aparapi marked the device failed");
    }

    @Test
    void differentCellsGetDifferentClassNamesAndTheSameCellTheSameCode() throws Exception {
        OpenClCell a = OpenClCell.compile(CellProgram.grouped(TestCells.check("a", ELMAN)), Map.of("H", 6, "X", 3));
        OpenClCell b = OpenClCell.compile(CellProgram.grouped(TestCells.check("b", ELMAN)), Map.of("H", 7, "X", 3));
        OpenClCell again = OpenClCell.compile(CellProgram.grouped(TestCells.check("a", ELMAN)), Map.of("H", 6, "X", 3));
        assertNotEquals(a.className(), b.className(), "the same cell at other sizes is other code");
        assertEquals(a.className(), again.className());
        assertTrue(java.util.Arrays.equals(a.classFile(), again.classFile()), "one name, one code");
    }

    /** Two cells whose kernels alternate in one JVM each compute their own results. */
    @Test
    void twoCellsRunSideBySide() throws Exception {
        double elman = LayerComparison.worstError(TestCells.check("e", ELMAN), 3, 6, 3, new int[] {4, 2});
        double mgu = LayerComparison.worstError(TestCells.check("m", MGU), 3, 6, 3, new int[] {4, 2});
        double elmanAgain = LayerComparison.worstError(TestCells.check("e", ELMAN), 4, 6, 3, new int[] {4, 2});
        assertTrue(elman < 1e-4 && mgu < 1e-4 && elmanAgain < 1e-4, elman + " " + mgu + " " + elmanAgain);
    }

    @Test
    void generatedKernelsAllocateNothing() {
        OpenClCell cell = OpenClCell.compile(CellProgram.grouped(TestCells.check("m", MGU)), Map.of("H", 6, "X", 3));
        List<String> allocations = new java.util.ArrayList<>();
        new ClassReader(cell.classFile()).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String desc, String sig, String[] exceptions) {
                return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public void visitTypeInsn(int opcode, String type) {
                        if (opcode == Opcodes.NEW || opcode == Opcodes.ANEWARRAY) {
                            allocations.add(name + ": " + type);
                        }
                    }

                    @Override
                    public void visitIntInsn(int opcode, int operand) {
                        if (opcode == Opcodes.NEWARRAY) {
                            allocations.add(name + ": array");
                        }
                    }
                };
            }
        }, 0);
        assertEquals(List.of(), allocations);
    }
}
