package io.rnnc.compiler.backend.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.rnnc.compiler.CellProgram;
import io.rnnc.compiler.TestCells;
import io.rnnc.compiler.autodiff.RandomCells;
import io.rnnc.compiler.check.TypedCell;
import io.rnnc.runtime.kernels.LaneSupport;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.util.CheckClassAdapter;

/** Every generated class passes ASM's bytecode verifier. */
class GeneratedClassesTest {

    private static void verifyAll(TypedCell cell, boolean f64) {
        verifyAll(cell, f64, 7);
    }

    private static void verifyAll(TypedCell cell, boolean f64, int hidden) {
        Map<String, Integer> sizes = new HashMap<>(Map.of("H", hidden, "X", 5));
        cell.sizeParams().forEach(s -> sizes.put(s, 3));
        CompiledCell compiled = CompiledCell.compile(CellProgram.grouped(cell), sizes, f64);
        assertFalse(compiled.classFiles().isEmpty());
        compiled.classFiles().forEach((name, bytes) -> {
            StringWriter report = new StringWriter();
            CheckClassAdapter.verify(new ClassReader(bytes), GeneratedClassesTest.class.getClassLoader(), false,
                    new PrintWriter(report));
            assertEquals("", report.toString(), name);
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"/seeds/seed002_lstm.rnn", "/seeds/seed004_gru.rnn", "/seeds/seed000_elman.rnn",
            "/cells/ln_lstm.rnn", "/cells/gated_chain.rnn"})
    void seedCellClassesVerify(String path) throws Exception {
        TypedCell cell = TestCells.check(path, JvmAgreementTest.resource(path));
        verifyAll(cell, false);
        verifyAll(cell, true);
        verifyAll(cell, false, 2 * LaneSupport.floatLanes() + 3); // vector loops, vector row sums and a scalar remainder
    }

    /** A value nothing reads has no slot; its code is left out (these crashed code generation, found by fuzzing). */
    @ParameterizedTest
    @ValueSource(strings = {"μ = mean(z)", "μ = softmax(z)", "μ_t = mean(h_{t-1})", "μ = [z, z]"})
    void valuesNothingReadsCompile(String unused) {
        TypedCell cell = TestCells.check("unused.rnn", "h_t = tanh(W x_t + U h_{t-1})\n" + unused + "\n");
        verifyAll(cell, false);
        verifyAll(cell, true);
    }

    @Property(tries = 40)
    void randomCellClassesVerify(@ForAll long seed) {
        TypedCell cell = TestCells.check("random.rnn", RandomCells.generate(seed));
        verifyAll(cell, seed % 2 == 0);
    }
}
