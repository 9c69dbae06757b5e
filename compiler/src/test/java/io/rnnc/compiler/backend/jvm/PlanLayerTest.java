package io.rnnc.compiler.backend.jvm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.rnnc.compiler.CellProgram;
import io.rnnc.compiler.TestCells;
import io.rnnc.compiler.check.TypedCell;
import io.rnnc.runtime.blas.Blas;
import io.rnnc.runtime.engine.RecurrentLayer;
import io.rnnc.runtime.kernels.WorkerPool;
import io.rnnc.runtime.step.CellPlan;
import io.rnnc.runtime.step.PlanKernels;
import io.rnnc.runtime.step.PlanLayer;
import io.rnnc.runtime.tensor.Tensor;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A compiled cell run over whole sequences from its plan alone (as an exported model runs it)
 * gives the compiled layer's outputs and final states bit for bit: sequences of different
 * lengths, given initial states, an input projection of two chunks whose first is cut into
 * parts, on one thread against the layer's two.
 */
class PlanLayerTest {
    @ParameterizedTest
    @CsvSource({"lstm, false, 128", "lstm, true, 24", "lag2, false, 24"})
    void theForwardPassIsTheCompiledLayersBitForBit(String which, boolean f64, int size) throws IOException {
        TypedCell cell = which.equals("lstm")
                ? TestCells.check("/seeds/seed002_lstm.rnn", JvmAgreementTest.resource("/seeds/seed002_lstm.rnn"))
                : TestCells.check("cell Lag {\n  h_t = tanh(W h_{t-1} + U h_{t-2} + V x_t + b) ⊙ σ(sum(x_t))\n}\n");
        Map<String, Integer> sizes = cell.sizes(size, size, Map.of(), size);
        Map<String, Tensor> params = CellProgram.of(cell).randomParameters(sizes, new Random(3), 0.6);
        JvmLayer compiled = new JvmLayer(CompiledCell.compile(CellProgram.grouped(cell), sizes, f64), params,
                new WorkerPool(2));
        CellPlan plan = compiled.plan();
        PlanLayer fromPlan = new PlanLayer(plan, params, PlanKernels.load(plan), Blas.get(), new WorkerPool(1));
        Random rng = new Random(5);
        int steps = 100;
        int[] lengths = {steps, 37, 1};
        double[][][] x = new double[steps][lengths.length][size];
        for (double[][] step : x) {
            for (double[] row : step) {
                for (int i = 0; i < size; i++) {
                    row[i] = rng.nextGaussian();
                }
            }
        }
        Map<String, double[][]> initial = new LinkedHashMap<>();
        for (String s : compiled.stateNames()) {
            double[][] v = new double[lengths.length][compiled.stateSize(s)];
            for (double[] row : v) {
                for (int i = 0; i < row.length; i++) {
                    row[i] = rng.nextGaussian() * 0.5;
                }
            }
            initial.put(s, v);
        }
        RecurrentLayer.Forward expected = compiled.forward(x, lengths, initial);
        RecurrentLayer.Forward actual = fromPlan.forward(x, lengths, initial);
        for (int t = 0; t < steps; t++) {
            for (int b = 0; b < lengths.length; b++) {
                assertArrayEquals(expected.y()[t][b], actual.y()[t][b], which + " output at step " + t + ", row " + b);
            }
        }
        for (String s : compiled.stateNames()) {
            for (int b = 0; b < lengths.length; b++) {
                assertArrayEquals(expected.finalStates().get(s)[b], actual.finalStates().get(s)[b], "final " + s);
            }
        }
        assertThrows(UnsupportedOperationException.class, () -> fromPlan.backward(actual, x, Map.of(), Map.of()));
    }
}
