package io.rnnc.compiler.autodiff;

import io.rnnc.compiler.CellProgram;
import io.rnnc.compiler.backend.interp.ReferenceInterpreter;
import io.rnnc.compiler.check.TypedCell;
import io.rnnc.runtime.engine.GradientCheck;
import io.rnnc.runtime.tensor.RandomArrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/** Runs a float64 gradient check of a cell on the reference interpreter, for tests. */
public final class GradientCheckSupport {
    private GradientCheckSupport() {
    }

    /** Worst relative error per tensor, with variable lengths so that masking is checked too. */
    public static Map<String, Double> check(TypedCell cell, long seed) {
        return check(CellProgram.of(cell), seed);
    }

    /** The same for a program already lowered (grouped or not). */
    public static Map<String, Double> check(CellProgram program, long seed) {
        TypedCell cell = program.cell();
        Random rng = new Random(seed);
        Map<String, Integer> sizes = new HashMap<>(Map.of("H", 4, "X", 3));
        cell.sizeParams().forEach(s -> sizes.put(s, 3));
        ReferenceInterpreter layer = new ReferenceInterpreter(program.backward(), sizes,
                program.randomParameters(sizes, rng, 0.8));
        int steps = 5;
        int[] lengths = {5, 3};
        double[][][] x = RandomArrays.sequence(steps, lengths.length, layer.inputSize(), rng);
        Map<String, double[][]> init = new LinkedHashMap<>();
        for (String s : layer.stateNames()) {
            init.put(s, RandomArrays.matrix(lengths.length, layer.stateSize(s), 0.5, rng));
        }
        return new GradientCheck(layer, x, lengths, init, rng, 1e-4).run();
    }
}
