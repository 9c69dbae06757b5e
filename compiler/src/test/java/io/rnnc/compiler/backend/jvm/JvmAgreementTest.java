package io.rnnc.compiler.backend.jvm;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rnnc.compiler.CellProgram;
import io.rnnc.compiler.TestCells;
import io.rnnc.compiler.autodiff.RandomCells;
import io.rnnc.compiler.backend.InterpreterAgreement;
import io.rnnc.compiler.backend.interp.ReferenceInterpreter;
import io.rnnc.compiler.check.TypedCell;
import io.rnnc.runtime.engine.RecurrentLayer;
import io.rnnc.runtime.kernels.LaneSupport;
import io.rnnc.runtime.tensor.RandomArrays;
import io.rnnc.runtime.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The JVM backend computes what the reference interpreter computes: outputs, final states and
 * every gradient, on variable-length batches, at 1e-10 relative in float64 and 1e-4 in float32
 * (random cells: 1e-4, or 100 times what rounding their inputs to float32 alone does, if larger).
 */
class JvmAgreementTest {

    static String resource(String path) throws IOException {
        try (InputStream in = JvmAgreementTest.class.getResourceAsStream(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Worst relative error between the JVM backend and the interpreter over every result. */
    static double worstError(TypedCell cell, boolean f64, long seed) {
        return worstError(cell, f64, seed, 5, 3, new int[] {6, 4, 1, 6});
    }

    /**
     * The same at given sizes; {@code lengths} gives the batch and each sequence's length (the
     * first is T). The work beside the time loop comes in chunks of one step, so that the
     * input projection and the gradients are computed on the pool's other threads while the loop runs.
     */
    static double worstError(TypedCell cell, boolean f64, long seed, int hidden, int input, int[] lengths) {
        return worstError(cell, f64, seed, hidden, input, lengths, 1);
    }

    /** The same with chunks of {@code chunkRows} rows (whole steps of them) beside the time loop. */
    static double worstError(TypedCell cell, boolean f64, long seed, int hidden, int input, int[] lengths, int chunkRows) {
        try {
            return InterpreterAgreement.worstError(cell, seed, hidden, input, lengths, f64 ? 1e-3 : 1e-2, (program, sizes, params) -> {
                JvmLayer layer = new JvmLayer(CompiledCell.compile(CellProgram.grouped(cell), sizes, f64), params);
                layer.chunkRows(chunkRows);
                return layer;
            });
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/seeds/seed000_elman.rnn", "/seeds/seed001_row_vectors.rnn", "/seeds/seed002_lstm.rnn",
            "/seeds/seed004_rnn.rnn", "/seeds/seed004_gru.rnn", "/seeds/seed004_lstm.rnn"})
    void seedCellsAgree(String path) throws IOException {
        TypedCell cell = TestCells.check(path, resource(path));
        double f64 = worstError(cell, true, 1);
        double f32 = worstError(cell, false, 1);
        assertTrue(f64 < 1e-10, path + " float64 error " + f64);
        assertTrue(f32 < 1e-4, path + " float32 error " + f32);
    }

    /**
     * Cells with nothing to compute before the loop (the input enters elementwise) and with
     * only a function of the input there (kept for the backward pass), in chunks of one step.
     */
    @ParameterizedTest
    @ValueSource(strings = {"h_t = tanh(W h_{t-1} + x_t + b)", "h_t = tanh(W h_{t-1} + b) ⊙ σ(x_t)"})
    void cellsWithLittleOrNothingBeforeTheLoopAgree(String equation) {
        TypedCell cell = TestCells.check("cell Input {\n  " + equation + "\n  input x\n}\n");
        assertTrue(worstError(cell, true, 2) < 1e-10, equation);
        assertTrue(worstError(cell, false, 2) < 1e-4, equation);
    }

    /**
     * Large enough that products are split over the cores (half the columns or rows each), in
     * one chunk beside the time loop and in chunks of two steps.
     */
    @ParameterizedTest
    @ValueSource(strings = {"lstm", "gru"})
    void largeCellsAgreeWhereProductsAreSplit(String name) throws IOException {
        String path = "/seeds/" + (name.equals("lstm") ? "seed002_lstm.rnn" : "seed004_gru.rnn");
        TypedCell cell = TestCells.check(path, resource(path));
        int[] lengths = new int[81];
        java.util.Arrays.fill(lengths, 5);
        lengths[5] = 2;
        for (int chunkRows : new int[] {1000, 2 * 81}) {
            assertTrue(worstError(cell, true, 7, 129, 64, lengths, chunkRows) < 1e-10, name + " float64");
            assertTrue(worstError(cell, false, 7, 129, 64, lengths, chunkRows) < 1e-4, name + " float32");
        }
    }

    /**
     * A training step gives the same bits on 1, 2, 3, 4 and 8 threads (more than this machine
     * may have: a pool then runs as many at once as there are processors), and again on each,
     * however the threads happened to share the work:
     * at these sizes each step's products are cut into several parts, there are more chunks
     * beside the loop than lanes of weight-gradient sums, and sequences end early.
     */
    @ParameterizedTest
    @ValueSource(strings = {"/seeds/seed002_lstm.rnn", "/seeds/seed004_gru.rnn"})
    void resultsAreTheSameBitForBitOnAnyNumberOfThreads(String path) throws IOException {
        TypedCell cell = TestCells.check(path, resource(path));
        Map<String, Integer> sizes = Map.of("H", 256, "X", 128);
        Map<String, Tensor> params = CellProgram.of(cell).randomParameters(sizes, new Random(3), 0.1);
        CompiledCell compiled = CompiledCell.compile(CellProgram.grouped(cell), sizes, false);
        int steps = 8;
        int batch = 64;
        double[][][] x = RandomArrays.sequence(steps, batch, 128, new Random(4));
        int[] lengths = new int[batch];
        java.util.Arrays.fill(lengths, steps);
        lengths[3] = 5;
        lengths[17] = 1;
        List<double[]> reference = null;
        for (int threads : new int[] {1, 2, 3, 4, 8}) {
            JvmLayer jvm = new JvmLayer(compiled, params, io.rnnc.runtime.kernels.WorkerPool.allAtOnce(threads));
            jvm.chunkRows(batch);
            double[][][] dy = RandomArrays.sequence(steps, batch, jvm.outputSize(), new Random(5));
            for (int repeat = 0; repeat < 2; repeat++) {
                List<double[]> results = trainingStep(jvm, x, dy, lengths);
                if (reference == null) {
                    reference = results;
                }
                for (int i = 0; i < reference.size(); i++) {
                    org.junit.jupiter.api.Assertions.assertArrayEquals(reference.get(i), results.get(i),
                            "result " + i + " on " + threads + " threads");
                }
            }
        }
    }

    /**
     * The vector loops give the scalar loops' bits, so that results depend neither on the
     * processor's vector width nor on which tier of the JIT ran a kernel: exp, sigmoid and tanh
     * in vector code repeat the scalar float32 operations one by one, and row sums add in the
     * same order (the layer-normalised LSTM's means).
     */
    @ParameterizedTest
    @ValueSource(strings = {"/seeds/seed002_lstm.rnn", "/seeds/seed004_gru.rnn", "/seeds/seed004_rnn.rnn",
            "/cells/ln_lstm.rnn", "/cells/gated_chain.rnn"})
    void vectorLoopsGiveTheScalarLoopsBits(String path) throws IOException {
        assertSameBitsWithAndWithoutVectors(TestCells.check(path, resource(path)), 1);
    }

    @Property(tries = 30)
    void randomCellsGiveTheSameBitsWithAndWithoutVectors(@ForAll long seed) {
        assertSameBitsWithAndWithoutVectors(TestCells.check("random.rnn", RandomCells.generate(seed)), seed);
    }

    private static void assertSameBitsWithAndWithoutVectors(TypedCell cell, long seed) {
        int lanes = LaneSupport.floatLanes();
        assertTrue(lanes > 0, "the tests run with --add-modules jdk.incubator.vector, so kernels have vector loops");
        Map<String, Integer> sizes = new HashMap<>(Map.of("H", 2 * lanes + 3, "X", lanes + 1));
        cell.sizeParams().forEach(s -> sizes.put(s, 4));
        Map<String, Tensor> params = CellProgram.of(cell).randomParameters(sizes, new Random(seed), 0.7);
        JvmLayer vector = new JvmLayer(CompiledCell.compile(CellProgram.grouped(cell), sizes, false, lanes), params);
        JvmLayer scalar = new JvmLayer(CompiledCell.compile(CellProgram.grouped(cell), sizes, false, 0), params);
        double[][][] x = RandomArrays.sequence(5, 3, vector.inputSize(), new Random(seed + 1));
        double[][][] dy = RandomArrays.sequence(5, 3, vector.outputSize(), new Random(seed + 2));
        int[] lengths = {5, 3, 5};
        List<double[]> withVectors = trainingStep(vector, x, dy, lengths);
        List<double[]> scalarOnly = trainingStep(scalar, x, dy, lengths);
        for (int i = 0; i < withVectors.size(); i++) {
            org.junit.jupiter.api.Assertions.assertArrayEquals(scalarOnly.get(i), withVectors.get(i), "result " + i);
        }
    }

    /** Outputs, then each parameter's gradient by name, then the initial states' gradients. */
    private static List<double[]> trainingStep(JvmLayer jvm, double[][][] x, double[][][] dy, int[] lengths) {
        List<double[]> out = new java.util.ArrayList<>();
        RecurrentLayer.Forward f = jvm.forward(x, lengths, Map.of());
        for (double[][] step : f.y()) {
            for (double[] row : step) {
                out.add(row.clone());
            }
        }
        Map<String, Tensor> grads = new java.util.TreeMap<>();
        RecurrentLayer.Backward b = jvm.backward(f, dy, Map.of(), grads);
        grads.values().forEach(g -> out.add(g.data()));
        b.dInitial().values().forEach(rows -> out.addAll(List.of(rows)));
        if (b.dx() != null) {
            java.util.Arrays.stream(b.dx()).forEach(rows -> java.util.Arrays.stream(rows).forEach(row -> out.add(row.clone())));
        }
        return out;
    }

    /** A run's arrays are reused by the next forward pass once its backward pass is done; results stay right. */
    @org.junit.jupiter.api.Test
    void repeatedTrainingStepsGiveTheSameResults() throws IOException {
        TypedCell cell = TestCells.check("/seeds/seed002_lstm.rnn", resource("/seeds/seed002_lstm.rnn"));
        double first = worstError(cell, true, 3);
        Map<String, Integer> sizes = Map.of("H", 5, "X", 3);
        CellProgram program = CellProgram.of(cell);
        Map<String, Tensor> params = program.randomParameters(sizes, new Random(3), 0.7);
        JvmLayer jvm = new JvmLayer(CompiledCell.compile(CellProgram.grouped(cell), sizes, true), params);
        double[][][] x = RandomArrays.sequence(4, 2, 3, new Random(4));
        double[][][] dy = RandomArrays.sequence(4, 2, 5, new Random(5));
        int[] lengths = {4, 3};
        double[] results = new double[3];
        for (int i = 0; i < 3; i++) {
            RecurrentLayer.Forward f = jvm.forward(x, lengths, Map.of());
            Map<String, Tensor> grads = new HashMap<>();
            jvm.backward(f, dy, Map.of(), grads);
            results[i] = grads.get("W_f").data()[7] + f.y()[3][0][2];
            if (i == 0) {
                RecurrentLayer.Forward stale = f;
                jvm.forward(x, lengths, Map.of());
                org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                        () -> jvm.backward(stale, dy, Map.of(), new HashMap<>()));
            }
        }
        org.junit.jupiter.api.Assertions.assertEquals(results[0], results[1]);
        org.junit.jupiter.api.Assertions.assertEquals(results[0], results[2]);
        assertTrue(first < 1e-10);
    }

    /**
     * The output and input-gradient arrays are the run's own, reused by the next step: a step
     * on shorter sequences after one on full ones leaves zeros past each end, as the interpreter does.
     */
    @org.junit.jupiter.api.Test
    void reusedSequenceArraysKeepNothingFromTheStepBefore() throws IOException {
        TypedCell cell = TestCells.check("/seeds/seed004_gru.rnn", resource("/seeds/seed004_gru.rnn"));
        Map<String, Integer> sizes = Map.of("H", 5, "X", 3);
        CellProgram program = CellProgram.of(cell);
        Map<String, Tensor> params = program.randomParameters(sizes, new Random(3), 0.7);
        RecurrentLayer reference = new ReferenceInterpreter(program.backward(), sizes, params);
        JvmLayer jvm = new JvmLayer(CompiledCell.compile(CellProgram.grouped(cell), sizes, true), params);
        double[][][] x = RandomArrays.sequence(4, 2, 3, new Random(4));
        double[][][] dy = RandomArrays.sequence(4, 2, 5, new Random(5));
        RecurrentLayer.Forward full = jvm.forward(x, new int[] {4, 4}, Map.of());
        jvm.backward(full, dy, Map.of(), new HashMap<>());
        int[] shorter = {4, 1};
        RecurrentLayer.Forward fj = jvm.forward(x, shorter, Map.of());
        RecurrentLayer.Forward fr = reference.forward(x, shorter, Map.of());
        org.junit.jupiter.api.Assertions.assertSame(full.y(), fj.y(), "the run's arrays are reused");
        RecurrentLayer.Backward bj = jvm.backward(fj, dy, Map.of(), new HashMap<>());
        RecurrentLayer.Backward br = reference.backward(fr, dy, Map.of(), new HashMap<>());
        for (int t = 0; t < 4; t++) {
            for (int b = 0; b < 2; b++) {
                org.junit.jupiter.api.Assertions.assertArrayEquals(fr.y()[t][b], fj.y()[t][b], 1e-12, "y " + t + "," + b);
                org.junit.jupiter.api.Assertions.assertArrayEquals(br.dx()[t][b], bj.dx()[t][b], 1e-12, "dx " + t + "," + b);
            }
        }
    }

    /**
     * With input gradients off (a model's first layer), the products only they need are
     * skipped and every parameter and initial-state gradient stays exactly as it was; random
     * cells include products of products of the input, whose deferred products the weight
     * gradients do need.
     */
    /** The LSTM's product for ∂L/∂x, Wᵀ·δ over all steps, is what a first layer skips. */
    @org.junit.jupiter.api.Test
    void theInputGradientProductIsSkippable() throws IOException {
        TypedCell cell = TestCells.check("/seeds/seed002_lstm.rnn", resource("/seeds/seed002_lstm.rnn"));
        CompiledCell compiled = CompiledCell.compile(CellProgram.grouped(cell), Map.of("H", 5, "X", 3), true);
        int dx = compiled.schedule().program().backward().inputGrad();
        org.junit.jupiter.api.Assertions.assertTrue(compiled.forInputGradientOnly.contains(dx), compiled.forInputGradientOnly.toString());
    }

    @Property(tries = 40)
    void skippingTheInputGradientChangesNoOtherGradient(@ForAll long seed) {
        TypedCell cell = TestCells.check("random.rnn", RandomCells.generate(seed));
        Map<String, Integer> sizes = new HashMap<>(Map.of("H", 5, "X", 3));
        cell.sizeParams().forEach(s -> sizes.put(s, 4));
        Map<String, Tensor> params = CellProgram.of(cell).randomParameters(sizes, new Random(seed), 0.7);
        CompiledCell compiled = CompiledCell.compile(CellProgram.grouped(cell), sizes, true);
        double[][][] x = RandomArrays.sequence(4, 2, 3, new Random(seed + 1));
        int[] lengths = {4, 3};
        Map<String, Tensor> all = new HashMap<>();
        Map<String, Tensor> some = new HashMap<>();
        JvmLayer full = new JvmLayer(compiled, params);
        JvmLayer first = new JvmLayer(compiled, params);
        first.setInputGradients(false);
        double[][][] dy = RandomArrays.sequence(4, 2, full.outputSize(), new Random(seed + 2));
        RecurrentLayer.Backward withDx = full.backward(full.forward(x, lengths, Map.of()), dy, Map.of(), all);
        RecurrentLayer.Backward withoutDx = first.backward(first.forward(x, lengths, Map.of()), dy, Map.of(), some);
        org.junit.jupiter.api.Assertions.assertNull(withoutDx.dx());
        all.forEach((name, g) -> org.junit.jupiter.api.Assertions.assertArrayEquals(g.data(), some.get(name).data(), name));
        withDx.dInitial().forEach((s, g) -> org.junit.jupiter.api.Assertions.assertArrayEquals(g, withoutDx.dInitial().get(s), s));
    }

    @Property(tries = 60)
    void randomCellsAgree(@ForAll long seed) {
        String text = RandomCells.generate(seed);
        TypedCell cell = TestCells.check("random.rnn", text);
        double f64 = worstError(cell, true, seed);
        assertTrue(f64 < 1e-10, "float64 error " + f64 + "\n" + text);
        double f32 = worstError(cell, false, seed);
        double allowed = InterpreterAgreement.float32Allowance(cell, seed, 5, 3, new int[] {6, 4, 1, 6});
        assertTrue(f32 < allowed, "float32 error " + f32 + " (allowed " + allowed + ")\n" + text);
    }

    /**
     * float32 at widths of two whole vectors and a remainder, so that every op's vector code
     * (and the scalar loop after it) runs: at the default sizes the rows are narrower than one vector.
     */
    @Property(tries = 30)
    void randomCellsAgreeInVectorLoops(@ForAll long seed) {
        int lanes = LaneSupport.floatLanes();
        assertTrue(lanes > 0, "the tests run with --add-modules jdk.incubator.vector, so kernels have vector loops");
        String text = RandomCells.generate(seed);
        TypedCell cell = TestCells.check("random.rnn", text);
        int[] lengths = {4, 2, 4};
        double f32 = worstError(cell, false, seed, 2 * lanes + 3, lanes + 1, lengths);
        double allowed = InterpreterAgreement.float32Allowance(cell, seed, 2 * lanes + 3, lanes + 1, lengths);
        assertTrue(f32 < allowed, "float32 error " + f32 + " (allowed " + allowed + ")\n" + text);
    }
}
