package io.rnnc.compiler;

import io.rnnc.compiler.autodiff.Autodiff;
import io.rnnc.compiler.autodiff.BackwardGraph;
import io.rnnc.compiler.check.Size;
import io.rnnc.compiler.check.TypedCell;
import io.rnnc.compiler.ir.Lowering;
import io.rnnc.compiler.ir.StepGraph;
import io.rnnc.compiler.schedule.GemmGrouping;
import io.rnnc.runtime.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * A checked cell lowered and differentiated: its forward and backward step IR, ready for a
 * backend. Independent of sizes; {@link #parameterShapes} gives the shapes for given sizes.
 *
 * @param cell the checked cell
 * @param forward its forward step
 * @param backward its backward step
 */
public record CellProgram(TypedCell cell, StepGraph forward, BackwardGraph backward) {

    /** Lowers and differentiates {@code cell}, one product per parameter as the equations write them. */
    public static CellProgram of(TypedCell cell) {
        StepGraph forward = Lowering.lower(cell);
        return new CellProgram(cell, forward, Autodiff.differentiate(forward));
    }

    /**
     * Lowers {@code cell}, stacks the products that share an operand ({@link GemmGrouping}),
     * then differentiates: the form the compiled backends run.
     */
    public static CellProgram grouped(TypedCell cell) {
        StepGraph forward = GemmGrouping.group(Lowering.lower(cell));
        return new CellProgram(cell, forward, Autodiff.differentiate(forward));
    }

    /** {@link #of} with the states masked where products read them ({@link Lowering#lowerWithStateMasks}). */
    public static CellProgram withStateMasks(TypedCell cell) {
        StepGraph forward = Lowering.lowerWithStateMasks(cell);
        return new CellProgram(cell, forward, Autodiff.differentiate(forward));
    }

    /** This program in the form the compiled backends run: products that share an operand stacked. */
    public CellProgram grouped() {
        StepGraph lowered = hasStateMasks() ? Lowering.lowerWithStateMasks(cell) : Lowering.lower(cell);
        StepGraph forward = GemmGrouping.group(lowered);
        return new CellProgram(cell, forward, Autodiff.differentiate(forward));
    }

    /** Whether states are masked where products read them. */
    public boolean hasStateMasks() {
        return !forward.maskedStates().isEmpty();
    }

    /** Each parameter's shape once H, X and the size parameters have values. */
    public Map<String, int[]> parameterShapes(Map<String, Integer> sizes) {
        Map<String, int[]> shapes = new LinkedHashMap<>();
        for (TypedCell.Param p : cell.params()) {
            shapes.put(p.name(), switch (p.kind()) {
                case MATRIX -> new int[] {eval(p.rows(), sizes), eval(p.cols(), sizes)};
                case VECTOR -> new int[] {eval(p.rows(), sizes)};
                case SCALAR -> new int[0];
            });
        }
        return shapes;
    }

    private static int eval(Size s, Map<String, Integer> sizes) {
        return s.evaluate(sizes);
    }

    /** Parameters drawn uniformly from [-scale, scale] (for checks and benchmarks). */
    public Map<String, Tensor> randomParameters(Map<String, Integer> sizes, Random rng, double scale) {
        Map<String, Tensor> params = new LinkedHashMap<>();
        parameterShapes(sizes).forEach((name, shape) -> {
            Tensor t = Tensor.zeros(shape);
            double[] d = t.data();
            for (int i = 0; i < d.length; i++) {
                d[i] = (rng.nextDouble() * 2 - 1) * scale;
            }
            params.put(name, t);
        });
        return params;
    }
}
