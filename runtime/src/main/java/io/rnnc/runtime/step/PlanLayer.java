package io.rnnc.runtime.step;

import io.rnnc.runtime.blas.Blas;
import io.rnnc.runtime.blas.GemmParts;
import io.rnnc.runtime.engine.RecurrentLayer;
import io.rnnc.runtime.kernels.Kernel;
import io.rnnc.runtime.kernels.WorkerPool;
import io.rnnc.runtime.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A compiled cell run over whole sequences from its {@link CellPlan}, without the compiler: the
 * forward pass of an exported model. It makes the BLAS calls the compiled layer makes, of the
 * same shapes (the input projection over chunks of {@link #CHUNK_ROWS} rows, the first chunk's
 * and every step's products cut into their {@link GemmParts}), and runs the same kernels, so
 * that its outputs are the compiled layer's bit for bit: an exported model predicts what
 * {@code rnnc predict} does. Forward only; the weights are read when the layer first runs.
 */
public final class PlanLayer implements RecurrentLayer {
    /**
     * Rows per chunk of the input projection, as the compiled layer cuts it: an element's value
     * depends on the shape of the BLAS call that computes it.
     */
    public static final int CHUNK_ROWS = 256;

    private final CellPlan plan;
    private final Map<String, Tensor> params;
    private final Function<String, Kernel> kernels;
    private final Blas blas;
    private final WorkerPool pool;
    private final boolean f64;
    /** The packed weights, packed on the first forward pass (a model that only steps never needs them). */
    private Blas.Resident[] matrices;
    private final Kernel[] hoistKernels;
    private final Kernel[] forwardKernels;

    /**
     * @param params the cell's parameters by name
     * @param kernels the generated kernel of each class name in the plan
     * @param pool the threads the parts of a product run on (the results do not depend on their number)
     */
    public PlanLayer(CellPlan plan, Map<String, Tensor> params, Function<String, Kernel> kernels, Blas blas,
                     WorkerPool pool) {
        this.plan = plan;
        this.params = params;
        this.kernels = kernels;
        this.blas = blas;
        this.pool = pool;
        this.f64 = plan.f64();
        this.hoistKernels = kernelsOf(plan.hoist(), kernels);
        this.forwardKernels = kernelsOf(plan.forward(), kernels);
    }

    private static Kernel[] kernelsOf(List<CellPlan.StagePlan> stages, Function<String, Kernel> kernels) {
        return stages.stream().map(s -> s.kernel() == null ? null : kernels.apply(s.kernel())).toArray(Kernel[]::new);
    }

    @Override
    public int inputSize() {
        return plan.inputSize();
    }

    @Override
    public int outputSize() {
        return plan.outputSize();
    }

    @Override
    public List<String> stateNames() {
        return plan.states().stream().map(CellPlan.StatePlan::name).toList();
    }

    @Override
    public int stateSize(String state) {
        return plan.states().stream().filter(s -> s.name().equals(state)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("the cell has no state " + state)).width();
    }

    @Override
    public Map<String, Tensor> parameters() {
        return params;
    }

    /** Steps the cell from its plan (what greedy decoding and generation run). */
    @Override
    public CellStepper stepper(int batch) {
        return new PlanStepper(plan, params, batch, kernels, blas);
    }

    @Override
    public Forward forward(double[][][] x, int[] lengths, Map<String, double[][]> initial) {
        if (matrices == null) {
            matrices = plan.matrices().stream().map(m -> PackedMatrices.resident(m, params, f64, blas))
                    .toArray(Blas.Resident[]::new);
        }
        Run r = new Run(x.length, lengths);
        if (plan.inputArray() >= 0) {
            r.fillInput(x);
        }
        for (CellPlan.StatePlan s : plan.states()) {
            r.fillHistory(s, initial.get(s.name()));
        }
        int chunk = Math.max(1, ceilDiv(CHUNK_ROWS, r.batch));
        int chunks = plan.hoist().isEmpty() ? 0 : ceilDiv(r.steps, chunk);
        for (int k = 0; k < chunks; k++) {
            int from = k * chunk;
            int to = Math.min(r.steps, from + chunk);
            // The compiled layer cuts the first chunk's products into parts and runs the rest whole beside its loop.
            runStages(r, plan.hoist(), hoistKernels, r.offsets[from], (to - from) * r.batch, k == 0);
        }
        for (int t = 0; t < r.steps; t++) {
            runStages(r, plan.forward(), forwardKernels, r.offsets[t], r.batch, true);
            r.carryEnded(t);
        }
        return new Forward(r.outputs(), r.finalStates(), null);
    }

    /** Not available: an exported layer runs forward only. */
    @Override
    public Backward backward(Forward forward, double[][][] dy, Map<String, double[][]> dFinal,
                             Map<String, Tensor> paramGrads) {
        throw new UnsupportedOperationException("a layer run from its plan runs forward only");
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    private void runStages(Run r, List<CellPlan.StagePlan> stages, Kernel[] stageKernels, int[] offs, int rows,
                           boolean inParts) {
        for (int s = 0; s < stages.size(); s++) {
            for (CellPlan.ProductPlan p : stages.get(s).products()) {
                product(r, p, offs, rows, inParts);
            }
            if (stageKernels[s] != null) {
                stageKernels[s].run(r.table, offs, 0, rows);
            }
        }
    }

    /** OUT = IN·op(M) over {@code rows} rows, as one BLAS call or as the {@link GemmParts} of its shape. */
    private void product(Run r, CellPlan.ProductPlan p, int[] offs, int rows, boolean inParts) {
        Blas.Resident m = matrices[p.matrix()];
        boolean transB = !p.transposed();
        CellPlan.SlotPlan in = p.in();
        CellPlan.SlotPlan out = p.out();
        Object a = r.array(in.buffer());
        Object c = r.array(out.buffer());
        int aOff = offs[in.buffer()] + in.offset();
        int cOff = offs[out.buffer()] + out.offset();
        if (in.stride() == 0) {
            // The operand is a parameter, the same in every row: one product, copied to each row.
            gemm(transB, 1, out.width(), in.width(), a, aOff, in.width(), m, 0, c, cOff, out.stride());
            for (int b = 1; b < rows; b++) {
                System.arraycopy(c, cOff, c, cOff + b * out.stride(), out.width());
            }
            return;
        }
        GemmParts parts = inParts ? GemmParts.of(rows, out.width(), in.width()) : null;
        if (parts == null || parts.count() == 1) {
            gemm(transB, rows, out.width(), in.width(), a, aOff, in.stride(), m, 0, c, cOff, out.stride());
            return;
        }
        pool.forEach(parts.count(), i -> {
            int from = parts.from(i);
            int to = parts.to(i);
            if (parts.byRows()) {
                gemm(transB, to - from, out.width(), in.width(), a, aOff + from * in.stride(), in.stride(), m, 0, c,
                        cOff + from * out.stride(), out.stride());
            } else {
                // Output columns [from, to): rows of M where M is stored, columns of W where W = Mᵀ is.
                gemm(transB, rows, to - from, in.width(), a, aOff, in.stride(), m, transB ? from * in.width() : from, c,
                        cOff + from, out.stride());
            }
        });
    }

    private void gemm(boolean transB, int rows, int n, int k, Object a, int aOff, int lda, Blas.Resident m, int mOff,
                      Object c, int cOff, int ldc) {
        if (f64) {
            blas.dgemm(false, transB, rows, n, k, 1.0, (double[]) a, aOff, lda, m, mOff, 0.0, (double[]) c, cOff, ldc);
        } else {
            blas.sgemm(false, transB, rows, n, k, 1f, (float[]) a, aOff, lda, m, mOff, 0f, (float[]) c, cOff, ldc);
        }
    }

    /** The arrays of one forward pass: every buffer of the plan sized for T steps of B rows. */
    private final class Run {
        final int steps;
        final int batch;
        final int[] lengths;
        final Object[] arrays;
        final Object table;
        /** Each step's buffer offsets. */
        final int[][] offsets;

        Run(int steps, int[] lengths) {
            this.steps = steps;
            this.batch = lengths.length;
            this.lengths = lengths;
            arrays = new Object[plan.arrays().size()];
            for (int i = 0; i < arrays.length; i++) {
                CellPlan.ArrayPlan a = plan.arrays().get(i);
                arrays[i] = PrecisionArrays.alloc(f64, switch (a.kind()) {
                    case PARAM -> a.width();
                    case SEQUENCE -> (a.before() + steps) * batch * a.width();
                    case SCRATCH -> batch * a.width();
                });
                if (a.kind() == CellPlan.Kind.PARAM) {
                    PrecisionArrays.copyIn(params.get(a.name()).data(), 0, arrays[i], 0, a.width());
                }
            }
            // Recurrent dropout is off: its masks are ones.
            for (int m : plan.maskArrays()) {
                PrecisionArrays.fill(arrays[m], 0, PrecisionArrays.length(arrays[m]), 1);
            }
            table = PrecisionArrays.table(f64, arrays, plan.buffers().stream().mapToInt(CellPlan.BufferPlan::array)
                    .toArray());
            offsets = new int[Math.max(steps, 1)][plan.buffers().size()];
            for (int t = 0; t < offsets.length; t++) {
                for (int k = 0; k < plan.buffers().size(); k++) {
                    CellPlan.BufferPlan b = plan.buffers().get(k);
                    CellPlan.ArrayPlan a = plan.arrays().get(b.array());
                    offsets[t][k] = a.kind() == CellPlan.Kind.SEQUENCE ? (a.before() + t - b.shift()) * batch * a.width() : 0;
                }
            }
        }

        Object array(int buffer) {
            return arrays[plan.buffers().get(buffer).array()];
        }

        void fillInput(double[][][] x) {
            CellPlan.ArrayPlan a = plan.arrays().get(plan.inputArray());
            Object input = arrays[plan.inputArray()];
            for (int t = 0; t < steps; t++) {
                for (int b = 0; b < batch; b++) {
                    PrecisionArrays.copyIn(x[t][b], 0, input, ((a.before() + t) * batch + b) * a.width(), a.width());
                }
            }
        }

        /** Every step before the first holds the initial value (zeros when none is given). */
        void fillHistory(CellPlan.StatePlan s, double[][] init) {
            if (init == null) {
                return;
            }
            for (int slab = 0; slab < s.maxLag(); slab++) {
                for (int b = 0; b < batch; b++) {
                    PrecisionArrays.copyIn(init[b], 0, arrays[s.array()], (slab * batch + b) * s.width(), s.width());
                }
            }
        }

        /** Past a sequence's end its states stay as they were. */
        void carryEnded(int t) {
            for (CellPlan.StatePlan s : plan.states()) {
                Object a = arrays[s.array()];
                int now = (s.maxLag() + t) * batch * s.width();
                int before = now - batch * s.width();
                for (int b = 0; b < batch; b++) {
                    if (t >= lengths[b]) {
                        System.arraycopy(a, before + b * s.width(), a, now + b * s.width(), s.width());
                    }
                }
            }
        }

        /** {@code [T][B][out]}, zeros past each sequence's end. */
        double[][][] outputs() {
            CellPlan.SlotPlan s = plan.output();
            double[][][] y = new double[steps][batch][s.width()];
            Object a = array(s.buffer());
            for (int t = 0; t < steps; t++) {
                for (int b = 0; b < batch; b++) {
                    if (t < lengths[b]) {
                        PrecisionArrays.copyOut(a, offsets[t][s.buffer()] + b * s.stride() + s.offset(), y[t][b], 0,
                                s.width());
                    }
                }
            }
            return y;
        }

        Map<String, double[][]> finalStates() {
            Map<String, double[][]> out = new LinkedHashMap<>();
            for (CellPlan.StatePlan s : plan.states()) {
                double[][] v = new double[batch][s.width()];
                for (int b = 0; b < batch; b++) {
                    PrecisionArrays.copyOut(arrays[s.array()], ((s.maxLag() + steps - 1) * batch + b) * s.width(), v[b],
                            0, s.width());
                }
                out.put(s.name(), v);
            }
            return out;
        }
    }
}
