package io.rnnc.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.rnnc.compiler.backend.jvm.CompiledCell;
import io.rnnc.compiler.backend.jvm.JvmLayer;
import io.rnnc.compiler.check.TypedCell;
import io.rnnc.compiler.show.BackwardPrinter;
import io.rnnc.compiler.show.Notation;
import io.rnnc.compiler.show.PlanPrinter;
import io.rnnc.runtime.engine.RecurrentLayer;
import io.rnnc.runtime.tensor.Tensor;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.util.CheckClassAdapter;

/**
 * The whole pipeline under coverage-guided fuzzing: whatever the bytes, the front end answers
 * with diagnostics or cells ({@link FrontendFuzzTest#survives}), and a cell that checks is
 * lowered, differentiated, scheduled and compiled for the JVM in float32 and float64, every
 * generated class passes ASM's verifier, and one forward and backward pass runs. The corpus
 * ({@code PipelineFuzzTestInputs}: the seed, stdlib and papers' cells, and every input that
 * ever failed) runs with the tests; {@code bench/fuzz.sh} fuzzes.
 */
class PipelineFuzzTest {
    @FuzzTest
    @DictionaryFile(resourcePath = "rnn.dict")
    void cellsThatCheckCompile(byte[] bytes) {
        Frontend.Result r = FrontendFuzzTest.survives(bytes);
        if (!r.ok()) {
            return;
        }
        for (TypedCell cell : r.cells()) {
            CellProgram program = CellProgram.of(cell);
            assertFalse(BackwardPrinter.print(program.backward(), Notation.UNICODE).isEmpty());
            assertFalse(BackwardPrinter.print(program.backward(), Notation.LATEX).isEmpty());
            // Widths where the float32 vector loops and their scalar remainders both run.
            compileAndRun(program, 17, 5, false);
            compileAndRun(program, 3, 2, true);
        }
    }

    private static void compileAndRun(CellProgram program, int hidden, int input, boolean f64) {
        TypedCell cell = program.cell();
        Map<String, Integer> sizes = new HashMap<>(Map.of(TypedCell.HIDDEN, hidden, TypedCell.INPUT, input));
        cell.sizeParams().forEach(s -> sizes.put(s, 3));
        CompiledCell compiled = CompiledCell.compile(program.grouped(), sizes, f64);
        assertFalse(PlanPrinter.print(compiled.schedule()).isEmpty());
        compiled.classFiles().forEach((name, bytes) -> {
            StringWriter report = new StringWriter();
            CheckClassAdapter.verify(new ClassReader(bytes), PipelineFuzzTest.class.getClassLoader(), false,
                    new PrintWriter(report));
            assertEquals("", report.toString(), name);
        });
        Random rng = new Random(1);
        Map<String, Tensor> params = program.randomParameters(sizes, rng, 0.5);
        RecurrentLayer layer = new JvmLayer(compiled, params);
        int[] lengths = {3, 2};
        double[][][] x = random(rng, 3, lengths.length, layer.inputSize());
        RecurrentLayer.Forward forward = layer.forward(x, lengths, Map.of());
        Map<String, Tensor> grads = new LinkedHashMap<>();
        params.forEach((name, t) -> grads.put(name, Tensor.zeros(t.shape())));
        layer.backward(forward, random(rng, 3, lengths.length, layer.outputSize()), Map.of(), grads);
    }

    private static double[][][] random(Random rng, int steps, int batch, int width) {
        double[][][] v = new double[steps][batch][width];
        for (double[][] step : v) {
            for (double[] row : step) {
                for (int i = 0; i < width; i++) {
                    row[i] = rng.nextDouble() * 2 - 1;
                }
            }
        }
        return v;
    }
}
