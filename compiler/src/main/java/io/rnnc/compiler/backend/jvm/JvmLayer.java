package io.rnnc.compiler.backend.jvm;

import io.rnnc.compiler.autodiff.BackwardGraph;
import io.rnnc.compiler.ir.Matrix;
import io.rnnc.compiler.ir.MatrixAccess;
import io.rnnc.compiler.ir.Node;
import io.rnnc.compiler.ir.StepGraph;
import io.rnnc.compiler.schedule.Schedule;
import io.rnnc.runtime.blas.Blas;
import io.rnnc.runtime.engine.RecurrentLayer;
import io.rnnc.runtime.kernels.Kernel;
import io.rnnc.runtime.kernels.ParallelRows;
import io.rnnc.runtime.tensor.Tensor;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A compiled cell running on the JVM: products through BLAS (hoisted input projections as
 * one GEMM over all steps, the rest one GEMM per group and step, weight gradients one GEMM per
 * stacked weight after the loop), everything between them in the generated kernels. One
 * layer serves one thread at a time: it reuses its buffers from one training step to the next.
 */
public final class JvmLayer implements RecurrentLayer {
    private final CompiledCell cell;
    private final Map<String, Tensor> params;
    private final Blas blas;
    private final Precision p;
    private final List<Node> nodes;
    private final StepGraph forwardGraph;
    private final ParallelRows rowsParallel = new ParallelRows();
    private Run spare;
    private final SplitProduct split = new SplitProduct();
    /** Products smaller than this (in floating-point operations) are not split over the cores. */
    private static final long MIN_SPLIT_FLOPS = 8_000_000;

    /**
     * @param cell the compiled cell
     * @param params the parameters by the cell's names (read at each forward call, so updates show)
     */
    public JvmLayer(CompiledCell cell, Map<String, Tensor> params) {
        this.cell = cell;
        this.params = params;
        this.blas = Blas.get();
        // Measured on 2 cores (LSTM, X=H=256, T=100, B=64): one BLAS thread with the fused loops
        // split over the cores trains in 490–540 ms, two BLAS threads in 720–850 ms, because
        // OpenBLAS's idle workers spin on a core after each product and starve the loops.
        blas.setThreads(1);
        this.p = cell.precision;
        this.nodes = cell.schedule.program().backward().nodes();
        this.forwardGraph = cell.schedule.program().forward();
    }

    @Override
    public int inputSize() {
        return forwardGraph.cell().inputSize().evaluate(cell.sizes);
    }

    @Override
    public int outputSize() {
        return forwardGraph.outputSize().evaluate(cell.sizes);
    }

    @Override
    public List<String> stateNames() {
        return forwardGraph.stateNames();
    }

    @Override
    public int stateSize(String state) {
        return forwardGraph.state(state).size().evaluate(cell.sizes);
    }

    @Override
    public Map<String, Tensor> parameters() {
        return params;
    }

    /** The arrays of one forward call, kept for its backward call. */
    private final class Run {
        final int steps;
        final int batch;
        int[] lengths;
        /** Counts the forward passes these arrays served; a forward's handle names the one it was. */
        int generation;
        final Object[] arrays;
        final Object table;
        final Map<Matrix, Blas.Resident> packed = new HashMap<>();
        /** The packed matrix of each MATVEC node, once looked up: the time loop neither hashes nor allocates. */
        final Blas.Resident[] packedByNode = new Blas.Resident[nodes.size()];

        Run(int steps, int batch, int[] lengths) {
            this.steps = steps;
            this.batch = batch;
            this.lengths = lengths;
            Layout l = cell.layout;
            arrays = new Object[l.arrays.size()];
            for (int i = 0; i < arrays.length; i++) {
                Layout.ArraySpec a = l.arrays.get(i);
                arrays[i] = switch (a.kind()) {
                    case PARAM -> paramArray(a.name(), a.width());
                    case SEQUENCE -> p.alloc((a.before() + steps) * batch * a.width());
                    case SCRATCH -> p.alloc(batch * a.width());
                };
            }
            table = p.table(l.buffers.size());
            for (int k = 0; k < l.buffers.size(); k++) {
                p.put(table, k, arrays[l.buffers.get(k).array()]);
            }
        }

        /** Buffer offsets at step t; {@code t = 0} with rows counted over all steps is the whole sequence. */
        int[] offsets(int t) {
            return offsets(t, new int[cell.layout.buffers.size()]);
        }

        /** The same, written into {@code offs}, so that the time loop allocates nothing. */
        int[] offsets(int t, int[] offs) {
            Layout l = cell.layout;
            for (int k = 0; k < offs.length; k++) {
                Layout.Buffer b = l.buffers.get(k);
                Layout.ArraySpec a = l.arrays.get(b.array());
                offs[k] = a.kind() == Layout.ArrayKind.SEQUENCE ? (a.before() + t - b.shift()) * batch * a.width() : 0;
            }
            return offs;
        }

        Object array(Slot s) {
            return arrays[cell.layout.buffers.get(s.buffer()).array()];
        }

        /** Element index of row b, element i of a node's slot at offsets {@code offs}. */
        int index(Slot s, int[] offs, int b, int i) {
            return offs[s.buffer()] + b * s.stride() + s.offset() + i;
        }

        boolean masked(int t) {
            for (int len : lengths) {
                if (t >= len) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * The arrays of the last run whose backward pass is done, when it had the same shape: a
     * training step allocates (and zeroes) tens of megabytes otherwise. What the engine adds
     * into (the gradient histories, the initial states) is cleared; the rest is overwritten.
     */
    private Run reusableRun(int steps, int batch) {
        Run r = spare;
        spare = null;
        if (r == null || r.steps != steps || r.batch != batch) {
            return null;
        }
        Layout l = cell.layout;
        for (StepGraph.StateSlot s : forwardGraph.states()) {
            clear(r.arrays[l.stateGradArray.get(s.name())]);
            clear(r.arrays[l.stateArray.get(s.name())]);
        }
        r.generation++;
        r.packed.clear();
        java.util.Arrays.fill(r.packedByNode, null);
        for (int i = 0; i < r.arrays.length; i++) {
            Layout.ArraySpec a = l.arrays.get(i);
            if (a.kind() == Layout.ArrayKind.PARAM) {
                p.copyIn(params.get(a.name()).data(), 0, r.arrays[i], 0, a.width());
            }
        }
        return r;
    }

    private static void clear(Object array) {
        if (array instanceof float[] f) {
            java.util.Arrays.fill(f, 0f);
        } else {
            java.util.Arrays.fill((double[]) array, 0.0);
        }
    }

    /** What a forward pass hands its backward pass: the run's arrays as that pass left them. */
    private record Handle(Run run, int generation) {
    }

    private Object paramArray(String name, int width) {
        Object a = p.alloc(width);
        p.copyIn(params.get(name).data(), 0, a, 0, width);
        return a;
    }

    // ------------------------------------------------------------ forward

    @Override
    public Forward forward(double[][][] x, int[] lengths, Map<String, double[][]> initial) {
        int steps = x.length;
        int batch = lengths.length;
        Run r = reusableRun(steps, batch);
        if (r == null) {
            r = new Run(steps, batch, lengths.clone());
        } else {
            r.lengths = lengths.clone();
        }
        Layout l = cell.layout;
        if (l.inputArray >= 0) {
            fillSequence(r.arrays[l.inputArray], x, batch, l.arrays.get(l.inputArray).width());
        }
        for (StepGraph.StateSlot s : forwardGraph.states()) {
            fillHistory(r, s, initial.get(s.name()));
        }
        Schedule sch = cell.schedule;
        int[] whole = r.offsets(0);
        runStages(r, sch.hoist(), cell.hoist, whole, steps * batch);
        int[] offs = new int[l.buffers.size()];
        for (int t = 0; t < steps; t++) {
            r.offsets(t, offs);
            runStages(r, sch.forward(), cell.forward, offs, batch);
            if (r.masked(t)) {
                carryStates(r, t);
            }
        }
        return new Forward(outputs(r), finalStates(r), new Handle(r, r.generation));
    }

    private void fillSequence(Object array, double[][][] x, int batch, int width) {
        for (int t = 0; t < x.length; t++) {
            for (int b = 0; b < batch; b++) {
                p.copyIn(x[t][b], 0, array, (t * batch + b) * width, width);
            }
        }
    }

    /** Every step before the first holds the initial value (zeros when none is given). */
    private void fillHistory(Run r, StepGraph.StateSlot s, double[][] init) {
        if (init == null) {
            return;
        }
        Object a = r.arrays[cell.layout.stateArray.get(s.name())];
        int w = stateSize(s.name());
        for (int slab = 0; slab < s.maxLag(); slab++) {
            for (int b = 0; b < r.batch; b++) {
                p.copyIn(init[b], 0, a, (slab * r.batch + b) * w, w);
            }
        }
    }

    private void runStages(Run r, List<Schedule.Stage> stages, List<Kernel> kernels, int[] offs, int rows) {
        for (int s = 0; s < stages.size(); s++) {
            for (int m : stages.get(s).gemms()) {
                gemm(r, m, offs, rows);
            }
            Kernel k = kernels.get(s);
            if (k != null) {
                rowsParallel.run(k, r.table, offs, rows, cell.workPerRow.get(k));
            }
        }
    }

    /** Past a sequence's end its states stay as they were. */
    private void carryStates(Run r, int t) {
        for (StepGraph.StateSlot s : forwardGraph.states()) {
            Object a = r.arrays[cell.layout.stateArray.get(s.name())];
            int w = stateSize(s.name());
            int now = (s.maxLag() + t) * r.batch * w;
            int before = now - r.batch * w;
            for (int b = 0; b < r.batch; b++) {
                if (t >= r.lengths[b]) {
                    System.arraycopy(a, before + b * w, a, now + b * w, w);
                }
            }
        }
    }

    private double[][][] outputs(Run r) {
        int out = forwardGraph.output();
        Slot s = cell.layout.slot(out);
        int w = outputSize();
        double[][][] y = new double[r.steps][r.batch][w];
        for (int t = 0; t < r.steps; t++) {
            int[] offs = r.offsets(t);
            Object a = r.array(s);
            for (int b = 0; b < r.batch; b++) {
                if (t < r.lengths[b]) {
                    p.copyOut(a, r.index(s, offs, b, 0), y[t][b], 0, w);
                }
            }
        }
        return y;
    }

    private Map<String, double[][]> finalStates(Run r) {
        Map<String, double[][]> out = new LinkedHashMap<>();
        for (StepGraph.StateSlot s : forwardGraph.states()) {
            Object a = r.arrays[cell.layout.stateArray.get(s.name())];
            out.put(s.name(), rows(a, (s.maxLag() + r.steps - 1) * r.batch, r.batch, stateSize(s.name())));
        }
        return out;
    }

    private double[][] rows(Object a, int firstRow, int count, int w) {
        double[][] out = new double[count][w];
        for (int b = 0; b < count; b++) {
            p.copyOut(a, (firstRow + b) * w, out[b], 0, w);
        }
        return out;
    }

    // ------------------------------------------------------------ products

    /** {@code OUT[rows, ·] = V[rows, ·] · Mᵀ} for one MATVEC node over {@code rows} batch rows. */
    private void gemm(Run r, int id, int[] offs, int rows) {
        Node n = nodes.get(id);
        Slot in = cell.layout.slot(n.in(0));
        Slot out = cell.layout.slot(id);
        Blas.Resident m = r.packedByNode[id];
        if (m == null) {
            m = r.packed.computeIfAbsent(n.matrix(), this::pack);
            r.packedByNode[id] = m;
        }
        int outW = n.matrix().rows().evaluate(cell.sizes);
        int inW = n.matrix().cols().evaluate(cell.sizes);
        int outOff = offs[out.buffer()] + out.offset();
        if (in.stride() == 0) {
            // The operand is a parameter, the same in every row: one product, copied to each row.
            p.gemmResident(blas, 1, outW, inW, r.array(in), offs[in.buffer()] + in.offset(), inW, m, 0,
                    0, r.array(out), outOff, out.stride());
            for (int b = 1; b < rows; b++) {
                System.arraycopy(r.array(out), outOff, r.array(out), outOff + b * out.stride(), outW);
            }
            return;
        }
        Object a = r.array(in);
        int aOff = offs[in.buffer()] + in.offset();
        Object c = r.array(out);
        if (2L * rows * outW * inW < MIN_SPLIT_FLOPS || outW < 2) {
            p.gemmResident(blas, rows, outW, inW, a, aOff, in.stride(), m, 0, 0, c, outOff, out.stride());
            return;
        }
        // Each core computes half of the output columns: the BLAS itself runs single-threaded.
        split.set(rows, outW, inW, a, aOff, in.stride(), m, c, outOff, out.stride());
        rowsParallel.inHalves(split);
    }

    /** One product split by output columns, reused at every step so that the loop allocates nothing. */
    private final class SplitProduct implements ParallelRows.Halves {
        private int rows;
        private int outW;
        private int inW;
        private Object a;
        private int aOff;
        private int lda;
        private Blas.Resident m;
        private Object c;
        private int cOff;
        private int ldc;

        void set(int rows, int outW, int inW, Object a, int aOff, int lda, Blas.Resident m, Object c, int cOff, int ldc) {
            this.rows = rows;
            this.outW = outW;
            this.inW = inW;
            this.a = a;
            this.aOff = aOff;
            this.lda = lda;
            this.m = m;
            this.c = c;
            this.cOff = cOff;
            this.ldc = ldc;
        }

        @Override
        public void half(int h) {
            int from = h == 0 ? 0 : outW / 2;
            int to = h == 0 ? outW / 2 : outW;
            p.gemmResident(blas, rows, to - from, inW, a, aOff, lda, m, from, 0, c, cOff + from, ldc);
        }
    }

    /** The matrix of a MATVEC as one dense row-major matrix, from the current parameters, made resident. */
    private Blas.Resident pack(Matrix m) {
        int rows = m.rows().evaluate(cell.sizes);
        int cols = m.cols().evaluate(cell.sizes);
        Object a = p.alloc(rows * cols);
        p.copyIn(new MatrixAccess(m, cell.sizes).dense(params, rows, cols), 0, a, 0, rows * cols);
        return p.resident(blas, a, rows, cols);
    }

    // ------------------------------------------------------------ backward

    @Override
    public Backward backward(Forward fwd, double[][][] dy, Map<String, double[][]> dFinal, Map<String, Tensor> paramGrads) {
        Handle handle = (Handle) fwd.saved();
        Run r = handle.run();
        if (r.generation != handle.generation() || spare == r) {
            throw new IllegalStateException("backward already ran for this forward pass; run forward again");
        }
        Layout l = cell.layout;
        BackwardGraph bg = cell.schedule.program().backward();
        if (l.seedOutputArray >= 0) {
            fillSequence(r.arrays[l.seedOutputArray], masked(dy, r), r.batch, outputSize());
        }
        for (StepGraph.StateSlot s : forwardGraph.states()) {
            double[][] fin = dFinal.get(s.name());
            if (fin != null) {
                addRows(r.arrays[l.stateGradArray.get(s.name())], (s.maxLag() + r.steps - 1) * r.batch, fin,
                        stateSize(s.name()));
            }
        }
        Schedule sch = cell.schedule;
        int[] offs = new int[l.buffers.size()];
        for (int t = r.steps - 1; t >= 0; t--) {
            r.offsets(t, offs);
            Map<String, double[][]> passed = r.masked(t) ? holdSeeds(r, t) : Map.of();
            runStages(r, sch.backward(), cell.backward, offs, r.batch);
            int tt = t;
            bg.stateGrads().forEach((read, node) -> addStateGrad(r, read, node, offs, tt));
            passed.forEach((state, seeds) -> addRowsWhere(r, state, tt - 1, seeds));
        }
        int[] whole = r.offsets(0);
        runStages(r, sch.deferred(), cell.deferred, whole, r.steps * r.batch);
        params.forEach((name, t) -> paramGrads.computeIfAbsent(name, k -> Tensor.zeros(t.shape())));
        Map<Integer, Object> sums = new HashMap<>();
        for (BackwardGraph.ParamGrad g : bg.paramGrads()) {
            if (g instanceof BackwardGraph.ParamGrad.Outer o) {
                weightGrad(r, o, whole, paramGrads);
            } else {
                BackwardGraph.ParamGrad.Direct d = (BackwardGraph.ParamGrad.Direct) g;
                Tensor grad = paramGrads.get(d.param());
                // Two biases added to one pre-activation (PyTorch's b_ih and b_hh) share a gradient: sum it once.
                Object sum = sums.computeIfAbsent(d.delta(), id -> rowSum(r, id, whole, grad.size()));
                for (int i = 0; i < grad.size(); i++) {
                    grad.data()[i] += p.get(sum, i);
                }
            }
        }
        Backward result = new Backward(inputGrad(r, whole), initialGrads(r));
        spare = r;
        return result;
    }

    private static double[][][] masked(double[][][] dy, Run r) {
        double[][][] out = new double[dy.length][][];
        for (int t = 0; t < dy.length; t++) {
            out[t] = new double[dy[t].length][];
            for (int b = 0; b < dy[t].length; b++) {
                out[t][b] = t < r.lengths[b] ? dy[t][b] : new double[dy[t][b].length];
            }
        }
        return out;
    }

    /**
     * Past a sequence's end the step did nothing, so the gradient arriving there passes
     * straight to the step before: take it out of this step's seeds and hand it back after.
     */
    private Map<String, double[][]> holdSeeds(Run r, int t) {
        Map<String, double[][]> held = new HashMap<>();
        for (StepGraph.StateSlot s : forwardGraph.states()) {
            Object a = r.arrays[cell.layout.stateGradArray.get(s.name())];
            int w = stateSize(s.name());
            double[][] seeds = new double[r.batch][];
            for (int b = 0; b < r.batch; b++) {
                if (t >= r.lengths[b]) {
                    seeds[b] = new double[w];
                    int at = ((s.maxLag() + t) * r.batch + b) * w;
                    for (int i = 0; i < w; i++) {
                        seeds[b][i] = p.get(a, at + i);
                        p.set(a, at + i, 0);
                    }
                }
            }
            held.put(s.name(), seeds);
        }
        return held;
    }

    private void addRowsWhere(Run r, String state, int t, double[][] seeds) {
        Object a = r.arrays[cell.layout.stateGradArray.get(state)];
        int lag = forwardGraph.state(state).maxLag();
        int w = stateSize(state);
        for (int b = 0; b < r.batch; b++) {
            if (seeds[b] != null) {
                int at = ((lag + t) * r.batch + b) * w;
                for (int i = 0; i < w; i++) {
                    p.set(a, at + i, p.get(a, at + i) + seeds[b][i]);
                }
            }
        }
    }

    private void addStateGrad(Run r, BackwardGraph.StateRead read, int node, int[] offs, int t) {
        Slot s = cell.layout.slot(node);
        Object from = r.array(s);
        Object into = r.arrays[cell.layout.stateGradArray.get(read.state())];
        int maxLag = forwardGraph.state(read.state()).maxLag();
        int w = stateSize(read.state());
        int slab = (maxLag + t - read.lag()) * r.batch * w;
        for (int b = 0; b < r.batch; b++) {
            for (int i = 0; i < w; i++) {
                int at = slab + b * w + i;
                p.set(into, at, p.get(into, at) + p.get(from, r.index(s, offs, b, nodes.get(node).isScalar() ? 0 : i)));
            }
        }
    }

    private void addRows(Object a, int firstRow, double[][] v, int w) {
        for (int b = 0; b < v.length; b++) {
            for (int i = 0; i < w; i++) {
                int at = (firstRow + b) * w + i;
                p.set(a, at, p.get(a, at) + v[b][i]);
            }
        }
    }

    /** dM += Dᵀ·A over all steps and rows: one GEMM, then split over the parameters' blocks. */
    private void weightGrad(Run r, BackwardGraph.ParamGrad.Outer o, int[] whole, Map<String, Tensor> grads) {
        Slot d = cell.layout.slot(o.delta());
        Slot a = cell.layout.slot(o.operand());
        int rows = o.matrix().rows().evaluate(cell.sizes);
        int cols = o.matrix().cols().evaluate(cell.sizes);
        int k = r.steps * r.batch;
        Object dm = p.alloc(rows * cols);
        if (a.stride() == 0 || d.stride() == 0) {
            for (int row = 0; row < k; row++) {
                for (int i = 0; i < rows; i++) {
                    double di = p.get(r.array(d), r.index(d, whole, row, i));
                    for (int j = 0; j < cols; j++) {
                        double aj = p.get(r.array(a), r.index(a, whole, row, j));
                        p.set(dm, i * cols + j, p.get(dm, i * cols + j) + di * aj);
                    }
                }
            }
        } else {
            // Each core computes half of the rows of dM.
            int mid = rows / 2;
            rowsParallel.inHalves(h -> {
                int from = h == 0 ? 0 : mid;
                int to = h == 0 ? mid : rows;
                p.gemm(blas, true, false, to - from, cols, k, r.array(d), whole[d.buffer()] + d.offset() + from,
                        d.stride(), r.array(a), whole[a.buffer()] + a.offset(), a.stride(), 0, dm, from * cols, cols);
            });
        }
        double[] dense = new double[rows * cols];
        p.copyOut(dm, 0, dense, 0, rows * cols);
        new MatrixAccess(o.matrix(), cell.sizes).addDense(grads, dense, rows, cols);
    }

    /** The sum of a node's rows over all steps, as one product with a row of ones. */
    private Object rowSum(Run r, int id, int[] whole, int w) {
        Slot d = cell.layout.slot(id);
        int rows = r.steps * r.batch;
        Object ones = p.alloc(rows);
        p.copyIn(filledOnes(rows), 0, ones, 0, rows);
        Object sum = p.alloc(w);
        p.gemm(blas, false, false, 1, w, rows, ones, 0, rows, r.array(d), whole[d.buffer()] + d.offset(),
                Math.max(d.stride(), w), 0, sum, 0, w);
        return sum;
    }

    private static double[] filledOnes(int n) {
        double[] ones = new double[n];
        java.util.Arrays.fill(ones, 1);
        return ones;
    }

    private double[][][] inputGrad(Run r, int[] whole) {
        int w = inputSize();
        double[][][] dx = new double[r.steps][r.batch][w];
        int id = cell.schedule.program().backward().inputGrad();
        if (id < 0) {
            return dx;
        }
        Slot s = cell.layout.slot(id);
        boolean scalar = nodes.get(id).isScalar();
        for (int t = 0; t < r.steps; t++) {
            for (int b = 0; b < r.batch; b++) {
                int at = r.index(s, whole, t * r.batch + b, 0);
                if (scalar) {
                    java.util.Arrays.fill(dx[t][b], p.get(r.array(s), at));
                } else {
                    p.copyOut(r.array(s), at, dx[t][b], 0, w);
                }
            }
        }
        return dx;
    }

    /** Every step before the first held the initial value, so its gradient is the sum over them. */
    private Map<String, double[][]> initialGrads(Run r) {
        Map<String, double[][]> out = new LinkedHashMap<>();
        for (StepGraph.StateSlot s : forwardGraph.states()) {
            Object a = r.arrays[cell.layout.stateGradArray.get(s.name())];
            int w = stateSize(s.name());
            double[][] sum = new double[r.batch][w];
            for (int slab = 0; slab < s.maxLag(); slab++) {
                double[][] part = rows(a, slab * r.batch, r.batch, w);
                for (int b = 0; b < r.batch; b++) {
                    for (int i = 0; i < w; i++) {
                        sum[b][i] += part[b][i];
                    }
                }
            }
            out.put(s.name(), sum);
        }
        return out;
    }
}
