package io.rnnc.compiler.backend.jvm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rnnc.compiler.CellProgram;
import io.rnnc.compiler.TestCells;
import io.rnnc.compiler.check.TypedCell;
import io.rnnc.runtime.blas.Blas;
import io.rnnc.runtime.engine.RecurrentLayer;
import io.rnnc.runtime.step.CellPlan;
import io.rnnc.runtime.step.CellStepper;
import io.rnnc.runtime.step.PlanStepper;
import io.rnnc.runtime.tensor.Tensor;
import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A compiled cell stepped from its plan, token by token, gives what its sequence API gives:
 * every step's output and the final states, from given initial states, in float64 (1e-10
 * relative) and float32 (1e-4), at batch 1 and 3, with real and one-hot inputs; saved states
 * restore exactly.
 */
class PlanStepperTest {
    private static final int STEPS = 6;

    private static TypedCell cell(String which) throws IOException {
        return switch (which) {
            case "lstm" -> TestCells.check("/seeds/seed002_lstm.rnn", JvmAgreementTest.resource("/seeds/seed002_lstm.rnn"));
            case "gru" -> TestCells.check("/seeds/seed004_gru.rnn", JvmAgreementTest.resource("/seeds/seed004_gru.rnn"));
            // Two steps of history, and an input that enters elementwise as well as through a product.
            case "lag2" -> TestCells.check("cell Lag {\n  h_t = tanh(W h_{t-1} + U h_{t-2} + V x_t + b) ⊙ σ(sum(x_t))\n}\n");
            default -> throw new IllegalArgumentException(which);
        };
    }

    @ParameterizedTest
    @CsvSource({"lstm, true, 1", "lstm, false, 1", "lstm, false, 3", "gru, true, 3", "gru, false, 1",
            "lag2, true, 1", "lag2, false, 3"})
    void stepsGiveTheSequenceApisOutputsAndStates(String which, boolean f64, int batch) throws IOException {
        int input = 5;
        JvmLayer layer = layer(which, 9, input, f64, 5);
        Random rng = new Random(11);
        for (boolean oneHot : new boolean[] {false, true}) {
            int[] tokens = new int[STEPS * batch];
            double[][][] x = new double[STEPS][batch][input];
            for (int t = 0; t < STEPS; t++) {
                for (int b = 0; b < batch; b++) {
                    tokens[t * batch + b] = rng.nextInt(input);
                    for (int i = 0; i < input; i++) {
                        x[t][b][i] = oneHot ? (i == tokens[t * batch + b] ? 1 : 0) : rng.nextGaussian();
                    }
                }
            }
            Map<String, double[][]> initial = new LinkedHashMap<>();
            for (String s : layer.stateNames()) {
                initial.put(s, random(batch, layer.stateSize(s), rng));
            }
            int[] lengths = new int[batch];
            Arrays.fill(lengths, STEPS);
            RecurrentLayer.Forward whole = layer.forward(x, lengths, initial);
            double[][][] expected = copy(whole.y());
            CellStepper stepper = layer.stepper(batch);
            stepper.setStates(initial);
            double tolerance = f64 ? 1e-10 : 1e-4;
            double[] y = new double[batch * layer.outputSize()];
            for (int t = 0; t < STEPS; t++) {
                if (oneHot) {
                    stepper.stepOneHot(Arrays.copyOfRange(tokens, t * batch, (t + 1) * batch), y);
                } else {
                    stepper.step(flat(x[t]), y);
                }
                assertClose(flat(expected[t]), y, tolerance, which + " output at step " + t + (oneHot ? " (one-hot)" : ""));
            }
            Map<String, double[][]> states = stepper.states();
            for (String s : layer.stateNames()) {
                assertClose(flat(whole.finalStates().get(s)), flat(states.get(s)), tolerance, which + " final " + s);
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"lstm, false", "lag2, true"})
    void savedStatesRestoreExactly(String which, boolean f64) throws IOException {
        JvmLayer layer = layer(which, 8, 4, f64, 6);
        CellStepper stepper = layer.stepper(2);
        double[] y = new double[2 * layer.outputSize()];
        stepper.stepOneHot(new int[] {1, 3}, y);
        stepper.stepOneHot(new int[] {0, 2}, y);
        Object saved = stepper.newSnapshot();
        stepper.save(saved);
        double[] first = run(stepper, y);
        double[] second = run(stepper, y);
        assertFalse(Arrays.equals(first, second), "the states moved on");
        stepper.restore(saved);
        assertArrayEquals(first, run(stepper, y));
    }

    private static double[] run(CellStepper stepper, double[] y) {
        double[] all = new double[3 * y.length];
        for (int t = 0; t < 3; t++) {
            stepper.stepOneHot(new int[] {t, 3 - t}, y);
            System.arraycopy(y, 0, all, t * y.length, y.length);
        }
        return all;
    }

    /** The plan runs on its own: kernels defined again from its class files give the same steps. */
    @ParameterizedTest
    @CsvSource({"lstm, false", "gru, true"})
    void aPlanRunsWithItsOwnClassFiles(String which, boolean f64) throws IOException {
        JvmLayer layer = layer(which, 7, 3, f64, 8);
        CellPlan plan = layer.plan();
        assertEquals(f64, plan.f64());
        assertTrue(plan.kernelClasses().size() >= 1);
        CellStepper own = new PlanStepper(plan, layer.parameters(), 1, io.rnnc.runtime.step.PlanKernels.load(plan), Blas.get());
        CellStepper compiled = layer.stepper(1);
        double[] a = new double[layer.outputSize()];
        double[] b = new double[layer.outputSize()];
        for (int t = 0; t < 4; t++) {
            own.stepOneHot(new int[] {t % 3}, a);
            compiled.stepOneHot(new int[] {t % 3}, b);
            assertArrayEquals(b, a);
        }
    }

    /** The cell compiled at these sizes, with random parameters from {@code seed}. */
    private static JvmLayer layer(String which, int hidden, int input, boolean f64, long seed) throws IOException {
        TypedCell cell = cell(which);
        Map<String, Integer> sizes = cell.sizes(hidden, input, Map.of(), hidden);
        Map<String, Tensor> params = CellProgram.of(cell).randomParameters(sizes, new Random(seed), 0.6);
        return new JvmLayer(CompiledCell.compile(CellProgram.grouped(cell), sizes, f64), params);
    }

    private static void assertClose(double[] expected, double[] actual, double tolerance, String what) {
        assertEquals(expected.length, actual.length, what);
        double scale = 1e-3;
        for (double v : expected) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], tolerance * scale, what + " [" + i + "]");
        }
    }

    private static double[][] random(int rows, int cols, Random rng) {
        double[][] out = new double[rows][cols];
        for (double[] r : out) {
            for (int i = 0; i < cols; i++) {
                r[i] = rng.nextGaussian() * 0.5;
            }
        }
        return out;
    }

    private static double[] flat(double[][] rows) {
        return Arrays.stream(rows).flatMapToDouble(Arrays::stream).toArray();
    }

    private static double[][][] copy(double[][][] a) {
        return Arrays.stream(a).map(s -> Arrays.stream(s).map(double[]::clone).toArray(double[][]::new))
                .toArray(double[][][]::new);
    }
}
