package io.rnnc.compiler.backend.opencl;

import io.rnnc.compiler.CellProgram;
import io.rnnc.compiler.backend.jvm.CompiledCell;
import io.rnnc.compiler.backend.jvm.JvmLayer;
import io.rnnc.compiler.check.TypedCell;
import io.rnnc.runtime.engine.RecurrentLayer;
import io.rnnc.runtime.tensor.RandomArrays;
import io.rnnc.runtime.tensor.Tensor;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * Runs one cell on the OpenCL backend and on the JVM backend (both float32) with the same
 * parameters, inputs, initial states and upstream gradients, and gives the worst relative
 * difference over outputs, final states and every gradient.
 */
final class LayerComparison {
    /**
     * Tensors are judged relative to max(max|value|, 1e-2): below that, float32 rounding in a
     * different order (1e-7) is all there is to see.
     */
    private static final double FLOOR = 1e-2;

    private LayerComparison() {
    }

    /** The worst relative error; {@code lengths} gives the batch and each sequence's length (the first is T). */
    static double worstError(TypedCell cell, long seed, int hidden, int input, int[] lengths) throws Exception {
        return worstError(cell, seed, hidden, input, lengths, false);
    }

    /** The same; with {@code stateMasks}, compiled for recurrent-state dropout and run with random masks. */
    static double worstError(TypedCell cell, long seed, int hidden, int input, int[] lengths, boolean stateMasks)
            throws Exception {
        Random rng = new Random(seed);
        Map<String, Integer> sizes = new HashMap<>(Map.of("H", hidden, "X", input));
        cell.sizeParams().forEach(s -> sizes.put(s, 4));
        CellProgram program = stateMasks ? CellProgram.withStateMasks(cell) : CellProgram.of(cell);
        Map<String, Tensor> params = program.randomParameters(sizes, rng, 0.7);
        RecurrentLayer jvm = new JvmLayer(CompiledCell.compile(program.grouped(), sizes, false), params);
        RecurrentLayer cl = new OpenClLayer(OpenClCell.compile(program.grouped(), sizes), params,
                OpenClAvailable.device());
        int steps = lengths[0];
        int batch = lengths.length;
        Map<String, double[][]> masks = new HashMap<>();
        for (String s : jvm.maskedStates()) {
            double[][] m = RandomArrays.matrix(batch, jvm.stateSize(s), 1, rng);
            for (double[] row : m) {
                for (int i = 0; i < row.length; i++) {
                    row[i] = row[i] < 0 ? 0 : 2;
                }
            }
            masks.put(s, m);
        }
        if (stateMasks && masks.isEmpty()) {
            throw new AssertionError("the cell has no state read by a product");
        }
        jvm.setStateMasks(masks);
        cl.setStateMasks(masks);
        double[][][] x = RandomArrays.sequence(steps, batch, jvm.inputSize(), rng);
        Map<String, double[][]> init = new LinkedHashMap<>();
        Map<String, double[][]> dFinal = new LinkedHashMap<>();
        for (String s : jvm.stateNames()) {
            init.put(s, RandomArrays.matrix(batch, jvm.stateSize(s), 1, rng));
            dFinal.put(s, RandomArrays.matrix(batch, jvm.stateSize(s), 1, rng));
        }
        double[][][] dy = RandomArrays.sequence(steps, batch, jvm.outputSize(), rng);
        double worst = 0;
        RecurrentLayer.Forward fj = jvm.forward(x, lengths, init);
        RecurrentLayer.Forward fc = cl.forward(x, lengths, init);
        worst = Math.max(worst, error(fj.y(), fc.y()));
        for (String s : jvm.stateNames()) {
            worst = Math.max(worst, error(fj.finalStates().get(s), fc.finalStates().get(s)));
        }
        Map<String, Tensor> gj = new HashMap<>();
        Map<String, Tensor> gc = new HashMap<>();
        RecurrentLayer.Backward bj = jvm.backward(fj, dy, dFinal, gj);
        RecurrentLayer.Backward bc = cl.backward(fc, dy, dFinal, gc);
        worst = Math.max(worst, error(bj.dx(), bc.dx()));
        for (String s : jvm.stateNames()) {
            worst = Math.max(worst, error(bj.dInitial().get(s), bc.dInitial().get(s)));
        }
        for (Map.Entry<String, Tensor> e : gj.entrySet()) {
            worst = Math.max(worst, error(new double[][] {e.getValue().data()}, new double[][] {gc.get(e.getKey()).data()}));
        }
        return worst;
    }

    static double error(double[][][] a, double[][][] b) {
        double worst = 0;
        for (int t = 0; t < a.length; t++) {
            worst = Math.max(worst, error(a[t], b[t]));
        }
        return worst;
    }

    /** max|a−b| / max(max|a|, floor); NaN counts as infinitely wrong. */
    static double error(double[][] a, double[][] b) {
        double diff = 0;
        double scale = FLOOR;
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[i].length; j++) {
                diff = Math.max(diff, Math.abs(a[i][j] - b[i][j]));
                scale = Math.max(scale, Math.abs(a[i][j]));
            }
        }
        double err = diff / scale;
        return Double.isNaN(err) ? Double.POSITIVE_INFINITY : err;
    }
}
