package io.rnnc.compiler.backend.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rnnc.compiler.CellProgram;
import io.rnnc.compiler.TestCells;
import io.rnnc.compiler.check.TypedCell;
import io.rnnc.runtime.kernels.LaneSupport;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Generated methods stay small enough for the JIT, however large the cell: a region is cut
 * into methods at a bytecode budget, and the cut cells compute what the interpreter computes.
 */
class MethodBudgetTest {

    /** Cells whose fused loops need several methods each, at sizes with vector loops and a scalar remainder. */
    @ParameterizedTest
    @ValueSource(strings = {"/cells/ln_lstm.rnn", "/cells/ln_gru.rnn", "/cells/gated_chain.rnn"})
    void cellsCutIntoSeveralMethodsAgreeWithTheInterpreter(String path) throws IOException {
        TypedCell cell = TestCells.check(path, JvmAgreementTest.resource(path));
        int lanes = LaneSupport.floatLanes();
        CompiledCell compiled = CompiledCell.compile(CellProgram.grouped(cell), Map.of("H", 2 * lanes + 3, "X", lanes + 1),
                false);
        assertTrue(compiled.classFiles().values().stream().anyMatch(c -> CodeBudget.codeLengths(c).size() > 4),
                "some kernel of " + path + " has more than one part");
        assertMethodsFitTheJit(compiled);
        int[] lengths = {4, 2, 4};
        assertTrue(JvmAgreementTest.worstError(cell, true, 5, 2 * lanes + 3, lanes + 1, lengths) < 1e-10, path + " float64");
        assertTrue(JvmAgreementTest.worstError(cell, false, 5, 2 * lanes + 3, lanes + 1, lengths) < 1e-4, path + " float32");
    }

    /**
     * A hundred and sixty chained gates: as one method the forward step's loop would be over 64 KB, more
     * than the JVM loads, and far beyond what the JIT compiles; cut, every method fits, and the
     * cell computes what the interpreter computes.
     */
    @Test
    void aCellBeyondTheJvmsMethodLimitCompilesIntoSeveralMethodsAndWorks() {
        TypedCell cell = TestCells.check("chain.rnn", TestCells.gateChain(160));
        int lanes = LaneSupport.floatLanes();
        CompiledCell compiled = CompiledCell.compile(CellProgram.grouped(cell), Map.of("H", 2 * lanes + 3, "X", 3), false);
        int largest = compiled.classFiles().values().stream()
                .mapToInt(c -> CodeBudget.codeLengths(c).values().stream().mapToInt(Integer::intValue).sum()).max().orElseThrow();
        assertTrue(largest > 65_535, "the largest kernel has " + largest + " bytes in all");
        assertMethodsFitTheJit(compiled);
        int[] lengths = {3, 2};
        assertTrue(JvmAgreementTest.worstError(cell, true, 9, 2 * lanes + 3, 3, lengths) < 1e-10, "float64");
        assertTrue(JvmAgreementTest.worstError(cell, false, 9, 2 * lanes + 3, 3, lengths) < 1e-4, "float32");
    }

    /** Every method is shorter than the shortest C1 was seen to refuse (and so than what C2 takes). */
    private static void assertMethodsFitTheJit(CompiledCell compiled) {
        compiled.classFiles().forEach((name, bytes) -> CodeBudget.codeLengths(bytes).forEach((method, length) ->
                assertTrue(length < CodeBudget.C1_REFUSED, name + "." + method + ": " + length + " bytes")));
    }

    @Test
    void codeLengthsReadEachMethodsBytecodeLength() {
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        cw.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, "Probe", null, "java/lang/Object", null);
        cw.visitField(Opcodes.ACC_STATIC, "f", "I", null, 3).visitEnd();
        MethodVisitor three = cw.visitMethod(Opcodes.ACC_STATIC, "three", "()V", null, null);
        three.visitCode();
        three.visitInsn(Opcodes.ICONST_0);
        three.visitInsn(Opcodes.POP);
        three.visitInsn(Opcodes.RETURN);
        three.visitMaxs(0, 0);
        three.visitEnd();
        MethodVisitor five = cw.visitMethod(Opcodes.ACC_STATIC, "five", "(I)I", null, null);
        five.visitCode();
        five.visitIntInsn(Opcodes.SIPUSH, 1000);
        five.visitVarInsn(Opcodes.ILOAD, 0);
        five.visitInsn(Opcodes.IRETURN);
        five.visitMaxs(0, 0);
        five.visitEnd();
        cw.visitMethod(Opcodes.ACC_ABSTRACT | Opcodes.ACC_PUBLIC, "none", "()V", null, null).visitEnd();
        cw.visitEnd();
        assertEquals(Map.of("three()V", 3, "five(I)I", 5), CodeBudget.codeLengths(cw.toByteArray()));
    }

    @Test
    void packingKeepsOrderAndFillsEachGroupUpToTheBudget() {
        assertEquals(List.of(List.of(600, 400), List.of(900), List.of(2500), List.of(100, 100)),
                CodeBudget.pack(List.of(600, 400, 900, 2500, 100, 100), Integer::intValue, 1000));
    }
}
