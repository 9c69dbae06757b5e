package io.rnnc.compiler.backend;

import io.rnnc.compiler.CellProgram;
import io.rnnc.compiler.backend.interp.ReferenceInterpreter;
import io.rnnc.compiler.check.TypedCell;
import io.rnnc.runtime.engine.RecurrentLayer;
import io.rnnc.runtime.tensor.RandomArrays;
import io.rnnc.runtime.tensor.Tensor;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * A backend against the reference interpreter, for tests: the same cell, parameters and data
 * through both, and the worst relative error over outputs, final states and every gradient,
 * on a batch of sequences of different lengths; and what float32 arithmetic alone loses on a
 * cell, which bounds what a float32 backend may.
 */
public final class InterpreterAgreement {
    private InterpreterAgreement() {
    }

    /** Makes the layer compared with the interpreter, from the same program, sizes and parameters. */
    public interface LayerMaker {
        RecurrentLayer make(CellProgram program, Map<String, Integer> sizes, Map<String, Tensor> params) throws Exception;
    }

    /**
     * The worst relative error of the layer {@code other} makes against the reference
     * interpreter, on random parameters, inputs, initial states and upstream gradients (size
     * parameters 4). {@code lengths} gives the batch and each sequence's length (the first is
     * T); tensors below {@code floor} are judged absolutely (see {@link Errors}).
     */
    public static double worstError(TypedCell cell, long seed, int hidden, int input, int[] lengths, double floor,
                                    LayerMaker other) throws Exception {
        return againstReference(cell, seed, hidden, input, lengths, floor, false, other);
    }

    /**
     * How far the float64 reference moves when its parameters and inputs are rounded to
     * float32 and so is every value it computes, relative as in {@link #worstError}: what
     * float32 arithmetic loses on the cell. Most cells keep it near 1e-7; a cell that amplifies
     * rounding (a difference of nearly equal values fed through several steps) shows it here.
     */
    public static double float32Sensitivity(TypedCell cell, long seed, int hidden, int input, int[] lengths) {
        try {
            return againstReference(cell, seed, hidden, input, lengths, 1e-2, true,
                    (program, sizes, params) -> new ReferenceInterpreter(program.backward(), sizes, roundedParams(params), true));
        } catch (Exception e) {
            throw new IllegalStateException("the interpreter threw", e);
        }
    }

    /**
     * Float32's allowance for a cell: 1e-4, or 100 times its {@link #float32Sensitivity} where
     * that is larger. The model rounds node values, not the operations inside a product or a
     * fused loop, so the backend may lose more: over 81 random cells at vector widths its error
     * was at most 26 times the sensitivity. The sensitivity was 4.5e-7 at the median, 5.9e-6 at
     * the 90th percentile and 1.4e-4 at worst, so 1e-4 holds for most cells; one that cancels
     * large values (its input gradient at the first step 7e-6 off, where the model's was too)
     * is allowed what float32 can do.
     */
    public static double float32Allowance(TypedCell cell, long seed, int hidden, int input, int[] lengths) {
        return Math.max(1e-4, 100 * float32Sensitivity(cell, seed, hidden, input, lengths));
    }

    /** The worst relative error of {@code other} against the reference interpreter, on its inputs rounded to float32 if asked. */
    private static double againstReference(TypedCell cell, long seed, int hidden, int input, int[] lengths, double floor,
                                           boolean roundInputs, LayerMaker other) throws Exception {
        Random rng = new Random(seed);
        Map<String, Integer> sizes = new HashMap<>(Map.of("H", hidden, "X", input));
        cell.sizeParams().forEach(s -> sizes.put(s, 4));
        CellProgram program = CellProgram.of(cell);
        Map<String, Tensor> params = program.randomParameters(sizes, rng, 0.7);
        RecurrentLayer reference = new ReferenceInterpreter(program.backward(), sizes, params);
        RecurrentLayer candidate = other.make(program, sizes, params);
        int steps = lengths[0];
        double[][][] x = RandomArrays.sequence(steps, lengths.length, candidate.inputSize(), rng);
        Map<String, double[][]> init = new LinkedHashMap<>();
        Map<String, double[][]> dFinal = new LinkedHashMap<>();
        for (String s : reference.stateNames()) {
            init.put(s, RandomArrays.matrix(lengths.length, reference.stateSize(s), 1, rng));
            dFinal.put(s, RandomArrays.matrix(lengths.length, reference.stateSize(s), 1, rng));
        }
        double[][][] dy = RandomArrays.sequence(steps, lengths.length, reference.outputSize(), rng);
        Errors e = new Errors(floor);
        RecurrentLayer.Forward fr = reference.forward(x, lengths, init);
        RecurrentLayer.Forward fj = roundInputs ? candidate.forward(rounded(x), lengths, rounded(init)) : candidate.forward(x, lengths, init);
        e.compare(fr.y(), fj.y());
        reference.stateNames().forEach(s -> e.compare(fr.finalStates().get(s), fj.finalStates().get(s)));
        Map<String, Tensor> gr = new HashMap<>();
        Map<String, Tensor> gj = new HashMap<>();
        RecurrentLayer.Backward br = reference.backward(fr, dy, dFinal, gr);
        RecurrentLayer.Backward bj = roundInputs ? candidate.backward(fj, rounded(dy), rounded(dFinal), gj) : candidate.backward(fj, dy, dFinal, gj);
        e.compare(br.dx(), bj.dx());
        reference.stateNames().forEach(s -> e.compare(br.dInitial().get(s), bj.dInitial().get(s)));
        gr.forEach((name, t) -> e.compare(new double[][] {t.data()}, new double[][] {gj.get(name).data()}));
        return e.worst;
    }

    private static double[] rounded(double[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) v[i];
        }
        return out;
    }

    private static double[][] rounded(double[][] m) {
        double[][] out = new double[m.length][];
        for (int i = 0; i < m.length; i++) {
            out[i] = rounded(m[i]);
        }
        return out;
    }

    private static double[][][] rounded(double[][][] s) {
        double[][][] out = new double[s.length][][];
        for (int i = 0; i < s.length; i++) {
            out[i] = rounded(s[i]);
        }
        return out;
    }

    private static Map<String, double[][]> rounded(Map<String, double[][]> states) {
        Map<String, double[][]> out = new LinkedHashMap<>();
        states.forEach((k, v) -> out.put(k, rounded(v)));
        return out;
    }

    private static Map<String, Tensor> roundedParams(Map<String, Tensor> params) {
        Map<String, Tensor> out = new HashMap<>();
        params.forEach((k, t) -> out.put(k, new Tensor(t.shape(), rounded(t.data()))));
        return out;
    }

    /**
     * max|a−b| / max(max|a|, floor) per compared tensor, the worst over all; a sequence (the
     * outputs, the input gradients) is one tensor over all its steps, as a gradient that
     * vanishes towards the first steps carries rounding errors the size of its largest values'
     * (a random cell's float32 input gradient at its first step, near 1e-5 where the last
     * step's was 0.2, was off by 7e-6). Tensors below the floor are judged absolutely: a
     * gradient that cancels to exactly zero (a parameter inside `softmax(v − mean(…))`) is
     * rounding noise in both backends, in different orders. The floor is 1e-3 in float64 and
     * 1e-2 in float32, where that noise is near 1e-7.
     */
    private static final class Errors {
        final double floor;
        double worst;

        Errors(double floor) {
            this.floor = floor;
        }

        /** A whole sequence ([T][B][W]) is one tensor: its early steps' gradients, vanishing, are judged against its largest. */
        void compare(double[][][] a, double[][][] b) {
            double diff = 0;
            double scale = floor;
            for (int t = 0; t < a.length; t++) {
                diff = Math.max(diff, maxDifference(a[t], b[t]));
                scale = Math.max(scale, maxMagnitude(a[t]));
            }
            record(diff / scale);
        }

        void compare(double[][] a, double[][] b) {
            record(maxDifference(a, b) / Math.max(floor, maxMagnitude(a)));
        }

        private void record(double err) {
            worst = Math.max(worst, Double.isNaN(err) ? Double.POSITIVE_INFINITY : err);
        }

        private static double maxDifference(double[][] a, double[][] b) {
            double diff = 0;
            for (int i = 0; i < a.length; i++) {
                for (int j = 0; j < a[i].length; j++) {
                    diff = Math.max(diff, Math.abs(a[i][j] - b[i][j]));
                }
            }
            return diff; // NaN if any difference is: Math.max keeps it, and record() makes it infinite
        }

        private static double maxMagnitude(double[][] a) {
            double m = 0;
            for (double[] row : a) {
                for (double v : row) {
                    m = Math.max(m, Math.abs(v));
                }
            }
            return m;
        }
    }
}
