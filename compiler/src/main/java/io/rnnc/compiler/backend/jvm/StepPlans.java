package io.rnnc.compiler.backend.jvm;

import io.rnnc.compiler.ir.Matrix;
import io.rnnc.compiler.ir.MatrixAccess;
import io.rnnc.compiler.ir.Node;
import io.rnnc.compiler.ir.StepGraph;
import io.rnnc.compiler.schedule.Schedule;
import io.rnnc.runtime.kernels.Kernel;
import io.rnnc.runtime.step.CellPlan;
import io.rnnc.runtime.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The forward step of a {@link CompiledCell} as a plain {@link CellPlan} the runtime runs on
 * its own: the layout's arrays and buffers, the hoisted and per-step stages with their products,
 * the packed matrices' rows as they lie in the parameters, and the kernels' class files.
 */
public final class StepPlans {
    private StepPlans() {
    }

    /**
     * The plan of {@code cell}'s forward step.
     *
     * @param params the parameters (their shapes place the matrices' rows)
     */
    public static CellPlan of(CompiledCell cell, Map<String, Tensor> params) {
        Layout l = cell.layout;
        StepGraph forward = cell.schedule.program().forward();
        List<CellPlan.ArrayPlan> arrays = l.arrays.stream().map(a -> new CellPlan.ArrayPlan(
                CellPlan.Kind.valueOf(a.kind().name()), a.width(), a.before(), a.name())).toList();
        List<CellPlan.BufferPlan> buffers = l.buffers.stream().map(b -> new CellPlan.BufferPlan(b.array(), b.shift()))
                .toList();
        List<CellPlan.StatePlan> states = forward.states().stream().map(s -> new CellPlan.StatePlan(s.name(),
                l.stateArray.get(s.name()), l.arrays.get(l.stateArray.get(s.name())).width(), s.maxLag())).toList();
        int outputSize = forward.outputSize().evaluate(cell.sizes);
        Matrices matrices = new Matrices(cell, params);
        List<CellPlan.StagePlan> hoist = stages(cell, cell.schedule.hoist(), cell.hoist, matrices);
        List<CellPlan.StagePlan> steps = stages(cell, cell.schedule.forward(), cell.forward, matrices);
        Map<String, byte[]> classes = new LinkedHashMap<>();
        for (List<Kernel> kernels : List.of(cell.hoist, cell.forward)) {
            for (Kernel k : kernels) {
                if (k != null) {
                    String name = cell.kernelNames.get(k);
                    classes.put(name, cell.classFiles().get(name.replace('.', '/')));
                }
            }
        }
        return new CellPlan(forward.cell().name(), cell.precision.f64(), cell.lanes,
                forward.cell().inputSize().evaluate(cell.sizes), arrays, buffers, l.inputArray,
                slot(l.slot(forward.output()), outputSize), states, List.copyOf(l.maskArray.values()),
                matrices.plans, hoist, steps, classes);
    }

    /** Each kernel of {@code cell} by its binary class name, for a stepper of its plan. */
    public static Function<String, Kernel> kernels(CompiledCell cell) {
        Map<String, Kernel> byName = new LinkedHashMap<>();
        cell.kernelNames.forEach((k, name) -> byName.put(name, k));
        return byName::get;
    }

    private static List<CellPlan.StagePlan> stages(CompiledCell cell, List<Schedule.Stage> stages, List<Kernel> kernels,
                                                   Matrices matrices) {
        List<Node> nodes = cell.schedule.program().backward().nodes();
        List<CellPlan.StagePlan> out = new ArrayList<>();
        for (int i = 0; i < stages.size(); i++) {
            List<CellPlan.ProductPlan> products = new ArrayList<>();
            for (int id : stages.get(i).gemms()) {
                Node n = nodes.get(id);
                Matrix m = n.matrix();
                int outWidth = m.rows().evaluate(cell.sizes);
                int inWidth = m.cols().evaluate(cell.sizes);
                products.add(new CellPlan.ProductPlan(slot(cell.layout.slot(n.in(0)), inWidth),
                        slot(cell.layout.slot(id), outWidth), matrices.index(m), m.transposed()));
            }
            Kernel k = kernels.get(i);
            out.add(new CellPlan.StagePlan(products, k == null ? null : cell.kernelNames.get(k)));
        }
        return out;
    }

    private static CellPlan.SlotPlan slot(Slot s, int width) {
        return new CellPlan.SlotPlan(s.buffer(), s.stride(), s.offset(), width);
    }

    /**
     * The packed matrices, each once: M where a product multiplies by M, the stack W where it
     * multiplies by Wᵀ, as the layer's own products pack them.
     */
    private static final class Matrices {
        private final CompiledCell cell;
        private final Map<String, Tensor> params;
        private final Map<Matrix, Integer> index = new LinkedHashMap<>();
        final List<CellPlan.MatrixPlan> plans = new ArrayList<>();

        Matrices(CompiledCell cell, Map<String, Tensor> params) {
            this.cell = cell;
            this.params = params;
        }

        int index(Matrix m) {
            Matrix stored = m.transposed() ? m.transpose() : m;
            return index.computeIfAbsent(stored, key -> {
                int rows = key.rows().evaluate(cell.sizes);
                int cols = key.cols().evaluate(cell.sizes);
                plans.add(new CellPlan.MatrixPlan(rows, cols,
                        new MatrixAccess(key, cell.sizes).rowCopies(params, cols)));
                return plans.size() - 1;
            });
        }
    }
}
