package io.rnnc.runtime.step;

import io.rnnc.runtime.blas.Blas;
import io.rnnc.runtime.kernels.Kernel;
import io.rnnc.runtime.tensor.Tensor;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A compiled cell stepped from its {@link CellPlan}: the arrays of one step of {@code batch}
 * rows are made once, the weights packed once, and each step runs the plan's products through
 * the BLAS (matrix–vector products at batch 1) and its kernels on the calling thread: no
 * allocation, no hand-off to another thread. A state's history slides down one step after each.
 *
 * <p>The weights are read when the stepper is made: make another after the parameters change.
 */
public final class PlanStepper implements CellStepper {
    private final CellPlan plan;
    private final int batch;
    private final Blas blas;
    private final boolean f64;
    private final Object[] arrays;
    private final Object table;
    private final int[] offsets;
    private final Blas.Resident[] matrices;
    private final Stage[] hoist;
    private final Stage[] forward;
    private final Object input;
    private final int inputWidth;
    /** The products that read x itself, by stage: one-hot inputs pick a column of their matrix instead. */
    private final OneHotProducts oneHot;

    private record Stage(CellPlan.ProductPlan[] products, Kernel kernel) {
    }

    /**
     * @param params the cell's parameters by name
     * @param kernels the generated kernel of each class name in the plan
     */
    public PlanStepper(CellPlan plan, Map<String, Tensor> params, int batch, Function<String, Kernel> kernels,
                       Blas blas) {
        if (batch < 1) {
            throw new IllegalArgumentException("a stepper runs at least one sequence, not " + batch);
        }
        this.plan = plan;
        this.batch = batch;
        this.blas = blas;
        this.f64 = plan.f64();
        this.arrays = new Object[plan.arrays().size()];
        for (int i = 0; i < arrays.length; i++) {
            arrays[i] = allocate(plan.arrays().get(i), params);
        }
        for (int m : plan.maskArrays()) {
            PrecisionArrays.fill(arrays[m], 0, PrecisionArrays.length(arrays[m]), 1);
        }
        this.offsets = new int[plan.buffers().size()];
        for (int k = 0; k < offsets.length; k++) {
            CellPlan.BufferPlan b = plan.buffers().get(k);
            CellPlan.ArrayPlan a = plan.arrays().get(b.array());
            offsets[k] = a.kind() == CellPlan.Kind.SEQUENCE ? (a.before() - b.shift()) * batch * a.width() : 0;
        }
        this.table = PrecisionArrays.table(f64, arrays, plan.buffers().stream().mapToInt(CellPlan.BufferPlan::array).toArray());
        this.matrices = new Blas.Resident[plan.matrices().size()];
        for (int i = 0; i < matrices.length; i++) {
            matrices[i] = PackedMatrices.resident(plan.matrices().get(i), params, f64, blas);
        }
        this.hoist = stages(plan.hoist(), kernels);
        this.forward = stages(plan.forward(), kernels);
        this.input = plan.inputArray() >= 0 ? arrays[plan.inputArray()] : null;
        this.inputWidth = plan.inputSize();
        this.oneHot = new OneHotProducts(plan, hoist.length == 0 ? new CellPlan.ProductPlan[0] : allProducts(hoist),
                offsets, params);
    }

    private static CellPlan.ProductPlan[] allProducts(Stage[] stages) {
        return Arrays.stream(stages).flatMap(s -> Arrays.stream(s.products())).toArray(CellPlan.ProductPlan[]::new);
    }

    private Object allocate(CellPlan.ArrayPlan a, Map<String, Tensor> params) {
        int n = switch (a.kind()) {
            case PARAM -> a.width();
            case SEQUENCE -> (a.before() + 1) * batch * a.width();
            case SCRATCH -> batch * a.width();
        };
        Object array = PrecisionArrays.alloc(f64, n);
        if (a.kind() == CellPlan.Kind.PARAM) {
            PrecisionArrays.copyIn(params.get(a.name()).data(), 0, array, 0, n);
        }
        return array;
    }

    private static Stage[] stages(List<CellPlan.StagePlan> plans, Function<String, Kernel> kernels) {
        return plans.stream().map(s -> new Stage(s.products().toArray(CellPlan.ProductPlan[]::new),
                s.kernel() == null ? null : kernels.apply(s.kernel()))).toArray(Stage[]::new);
    }

    @Override
    public int batch() {
        return batch;
    }

    @Override
    public int inputSize() {
        return inputWidth;
    }

    @Override
    public int outputSize() {
        return plan.outputSize();
    }

    @Override
    public void step(double[] x, double[] y) {
        if (input != null) {
            PrecisionArrays.copyIn(x, 0, input, 0, batch * inputWidth);
        }
        run(hoist, false);
        finish(y);
    }

    @Override
    public void stepOneHot(int[] tokens, double[] y) {
        if (input != null) {
            PrecisionArrays.fill(input, 0, PrecisionArrays.length(input), 0);
            for (int b = 0; b < batch; b++) {
                if (tokens[b] < 0 || tokens[b] >= inputWidth) {
                    throw new IllegalArgumentException("token " + tokens[b] + " is not among the " + inputWidth
                            + " the cell reads");
                }
                PrecisionArrays.set(input, b * inputWidth + tokens[b], 1);
            }
            oneHot.pick(tokens, arrays, plan.buffers(), batch);
        }
        run(hoist, true);
        finish(y);
    }

    /** The step's own stages, its output copied out, and the states moved on. */
    private void finish(double[] y) {
        run(forward, false);
        CellPlan.SlotPlan out = plan.output();
        Object a = table(out.buffer());
        for (int b = 0; b < batch; b++) {
            PrecisionArrays.copyOut(a, offsets[out.buffer()] + b * out.stride() + out.offset(), y, b * out.width(), out.width());
        }
        for (CellPlan.StatePlan s : plan.states()) {
            int slab = batch * s.width();
            System.arraycopy(arrays[s.array()], slab, arrays[s.array()], 0, s.maxLag() * slab);
        }
    }

    private void run(Stage[] stages, boolean oneHotPicked) {
        for (Stage s : stages) {
            for (CellPlan.ProductPlan p : s.products()) {
                if (!(oneHotPicked && oneHot.handles(p))) {
                    product(p);
                }
            }
            if (s.kernel() != null) {
                s.kernel().run(table, offsets, 0, batch);
            }
        }
    }

    private Object table(int buffer) {
        return arrays[plan.buffers().get(buffer).array()];
    }

    private void product(CellPlan.ProductPlan p) {
        Blas.Resident m = matrices[p.matrix()];
        CellPlan.SlotPlan in = p.in();
        CellPlan.SlotPlan out = p.out();
        Object a = table(in.buffer());
        Object c = table(out.buffer());
        int aOff = offsets[in.buffer()] + in.offset();
        int cOff = offsets[out.buffer()] + out.offset();
        int rows = in.stride() == 0 ? 1 : batch;
        if (rows == 1) {
            if (f64) {
                blas.dgemv(p.transposed(), m, (double[]) a, aOff, 0, (double[]) c, cOff);
            } else {
                blas.sgemv(p.transposed(), m, (float[]) a, aOff, 0, (float[]) c, cOff);
            }
        } else if (f64) {
            blas.dgemm(false, !p.transposed(), rows, out.width(), in.width(), 1, (double[]) a, aOff, in.stride(), m, 0,
                    0, (double[]) c, cOff, out.stride());
        } else {
            blas.sgemm(false, !p.transposed(), rows, out.width(), in.width(), 1, (float[]) a, aOff, in.stride(), m, 0,
                    0, (float[]) c, cOff, out.stride());
        }
        // A parameter operand gives every row the same product.
        for (int b = rows; b < batch; b++) {
            System.arraycopy(c, cOff, c, cOff + b * out.stride(), out.width());
        }
    }

    @Override
    public List<String> stateNames() {
        return plan.states().stream().map(CellPlan.StatePlan::name).toList();
    }

    @Override
    public Map<String, double[][]> states() {
        Map<String, double[][]> out = new LinkedHashMap<>();
        for (CellPlan.StatePlan s : plan.states()) {
            double[][] v = new double[batch][s.width()];
            for (int b = 0; b < batch; b++) {
                PrecisionArrays.copyOut(arrays[s.array()], ((s.maxLag() - 1) * batch + b) * s.width(), v[b], 0, s.width());
            }
            out.put(s.name(), v);
        }
        return out;
    }

    @Override
    public void setStates(Map<String, double[][]> given) {
        for (CellPlan.StatePlan s : plan.states()) {
            double[][] v = given.get(s.name());
            Object a = arrays[s.array()];
            for (int lag = 0; lag < s.maxLag(); lag++) {
                for (int b = 0; b < batch; b++) {
                    int at = (lag * batch + b) * s.width();
                    if (v == null) {
                        PrecisionArrays.fill(a, at, at + s.width(), 0);
                    } else {
                        if (v.length != batch || v[b].length != s.width()) {
                            throw new IllegalArgumentException("state " + s.name() + " must be [" + batch + "]["
                                    + s.width() + "]");
                        }
                        PrecisionArrays.copyIn(v[b], 0, a, at, s.width());
                    }
                }
            }
        }
    }

    @Override
    public Object newSnapshot() {
        return plan.states().stream().map(s -> f64 ? new double[s.maxLag() * batch * s.width()]
                : (Object) new float[s.maxLag() * batch * s.width()]).toArray();
    }

    @Override
    public void save(Object snapshot) {
        Object[] parts = (Object[]) snapshot;
        for (int i = 0; i < parts.length; i++) {
            System.arraycopy(arrays[plan.states().get(i).array()], 0, parts[i], 0, PrecisionArrays.length(parts[i]));
        }
    }

    @Override
    public void restore(Object snapshot) {
        Object[] parts = (Object[]) snapshot;
        for (int i = 0; i < parts.length; i++) {
            System.arraycopy(parts[i], 0, arrays[plan.states().get(i).array()], 0, PrecisionArrays.length(parts[i]));
        }
    }
}
