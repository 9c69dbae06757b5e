package io.rnnc.compiler.backend.jvm;

import io.rnnc.compiler.autodiff.BackwardGraph;
import io.rnnc.compiler.backend.StepGraphLayer;
import io.rnnc.compiler.ir.Node;
import io.rnnc.compiler.ir.StepGraph;
import io.rnnc.compiler.schedule.Schedule;
import io.rnnc.runtime.blas.Blas;
import io.rnnc.runtime.blas.GemmParts;
import io.rnnc.runtime.kernels.Kernel;
import io.rnnc.runtime.kernels.ParallelRows;
import io.rnnc.runtime.kernels.TaskStream;
import io.rnnc.runtime.kernels.WorkerPool;
import io.rnnc.runtime.step.CellPlan;
import io.rnnc.runtime.step.CellStepper;
import io.rnnc.runtime.step.PlanLayer;
import io.rnnc.runtime.step.PlanStepper;
import io.rnnc.runtime.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A compiled cell running on the JVM: products through BLAS (hoisted input projections as
 * one GEMM over all steps, the rest one GEMM per group and step, weight gradients one GEMM per
 * stacked weight after the loop), everything between them in the generated kernels, on the
 * threads of a {@link WorkerPool}. One layer serves one thread at a time: it reuses its buffers
 * from one training step to the next, the arrays it returns too (see {@link io.rnnc.runtime.engine.RecurrentLayer}).
 *
 * <p>The time loop runs on the calling thread; the pool's other threads take the work beside
 * it (the input projection of later chunks of steps, the gradients of finished ones) and, when
 * free, the parts of each step's products and kernels. The work is cut the same way whatever
 * the thread count (chunks of steps, {@link GemmParts} of each product, lanes of sums), so the
 * results are too, bit for bit.
 */
public final class JvmLayer extends StepGraphLayer {
    private final CompiledCell cell;
    private final Precision p;
    private final List<Node> nodes;
    private final WorkerPool pool;
    private final ParallelRows rowsParallel;
    private RunArrays spare;
    private boolean inputGradients = true;
    private final Products products;
    private final ParamGradSums sums;
    /** The work beside the time loop: the input projection ahead of it, the gradients behind it. */
    private final TaskStream stream;
    private int chunkRows = DEFAULT_CHUNK_ROWS;
    /** The output gradient past a sequence's end. */
    private final double[] zeroOutput;
    /** True when no step reads the input of another step: each chunk's input can then be filled with its projection. */
    private final boolean inputReadAtItsOwnStep;
    /** Each stage's products as an array, per phase, and each state read with its gradient node: the time loops iterate no collections. */
    private final Map<List<Schedule.Stage>, int[][]> stageGemms = new java.util.IdentityHashMap<>();
    private final BackwardGraph.StateRead[] stateReads;
    private final int[] stateReadGrads;
    private final int[] stateReadMaxLag;
    /**
     * Rows per chunk of the work beside the time loop. Measured on 2 cores at 128, 256, 512 and
     * 1024 rows: rnn_tanh at X=H=512, T=100, B=64 trained in 108, 109, 111 and 118 ms, the LSTM
     * at X=H=256 in 121, 125, 122 and 136 ms. The runtime's {@link PlanLayer} cuts an exported
     * model's input projection the same way, so that it computes what this layer does.
     */
    private static final int DEFAULT_CHUNK_ROWS = PlanLayer.CHUNK_ROWS;

    /** A layer on as many threads as there are processors; see {@link #JvmLayer(CompiledCell, Map, WorkerPool)}. */
    public JvmLayer(CompiledCell cell, Map<String, Tensor> params) {
        this(cell, params, WorkerPool.ofAvailableProcessors());
    }

    /**
     * @param cell the compiled cell
     * @param params the parameters by the cell's names (read at each forward call, so updates show)
     * @param pool the threads it computes on
     */
    public JvmLayer(CompiledCell cell, Map<String, Tensor> params, WorkerPool pool) {
        super(cell.schedule.program().forward(), cell.sizes, params);
        this.cell = cell;
        this.pool = pool;
        this.rowsParallel = new ParallelRows(pool);
        this.stream = new TaskStream(pool);
        // OpenBLAS runs single-threaded (see NativeBlas.load) on whichever thread of the pool calls it.
        Blas blas = Blas.get();
        this.p = cell.precision;
        this.nodes = cell.schedule.program().backward().nodes();
        this.products = new Products(cell, params, blas, pool);
        this.sums = new ParamGradSums(cell, params, blas, pool);
        this.zeroOutput = new double[outputSize()];
        Layout l = cell.layout;
        this.inputReadAtItsOwnStep = l.buffers.stream().noneMatch(b -> b.array() == l.inputArray && b.shift() != 0);
        Schedule sch = cell.schedule;
        for (List<Schedule.Stage> phase : List.of(sch.hoist(), sch.forward(), sch.backward(), sch.deferred())) {
            stageGemms.put(phase, phase.stream().map(st -> st.gemms().stream().mapToInt(Integer::intValue).toArray())
                    .toArray(int[][]::new));
        }
        Map<BackwardGraph.StateRead, Integer> grads = sch.program().backward().stateGrads();
        // The gradients stored in place need no adding at each step.
        this.stateReads = grads.keySet().stream().filter(read -> !l.storedInPlace.contains(read))
                .toArray(BackwardGraph.StateRead[]::new);
        this.stateReadGrads = java.util.Arrays.stream(stateReads).mapToInt(grads::get).toArray();
        this.stateReadMaxLag = java.util.Arrays.stream(stateReads).mapToInt(read -> forwardGraph.state(read.state()).maxLag())
                .toArray();
    }

    /** The plan of this layer's forward step, with its parameters' current shapes, for the runtime to run alone. */
    public CellPlan plan() {
        return StepPlans.of(cell, params);
    }

    /**
     * The same plan with kernels of scalar loops only, which run on a JVM started without the
     * Vector API (an exported model carries both).
     */
    public CellPlan scalarPlan() {
        CompiledCell scalar = cell.lanes == 0 ? cell
                : CompiledCell.compile(cell.schedule.program(), cell.sizes, cell.precision.f64(), 0);
        return StepPlans.of(scalar, params);
    }

    /** Steps the compiled cell from its plan, with the parameters as they are now. */
    @Override
    public CellStepper stepper(int batch) {
        return new PlanStepper(plan(), params, batch, StepPlans.kernels(cell), Blas.get());
    }

    @Override
    public void setInputGradients(boolean needed) {
        inputGradients = needed;
    }

    /**
     * The arrays of the last run whose backward pass is done, when it had the same shape: a
     * training step allocates (and zeroes) tens of megabytes otherwise. What the engine adds
     * into (the gradient histories) and the steps before the first (the initial states) are
     * cleared; the rest is overwritten, every step of a state's history included.
     */
    private RunArrays reusableRun(int steps, int batch) {
        RunArrays r = spare;
        spare = null;
        if (r == null || r.steps != steps || r.batch != batch) {
            return null;
        }
        Layout l = cell.layout;
        for (StepGraph.StateSlot s : forwardGraph.states()) {
            Object grads = r.arrays[l.stateGradArray.get(s.name())];
            int slab = batch * stateSize(s.name());
            for (int[] range : l.unwrittenGradSteps(s, steps)) {
                clear(grads, range[0] * slab, range[1] * slab);
            }
            clear(r.arrays[l.stateArray.get(s.name())], 0, s.maxLag() * slab);
        }
        r.generation++;
        java.util.Arrays.fill(r.packedByNode, null);
        for (int i = 0; i < r.arrays.length; i++) {
            Layout.ArraySpec a = l.arrays.get(i);
            if (a.kind() == Layout.ArrayKind.PARAM) {
                p.copyIn(params.get(a.name()).data(), 0, r.arrays[i], 0, a.width());
            }
        }
        return r;
    }

    private static void clear(Object array, int from, int to) {
        if (array instanceof float[] f) {
            java.util.Arrays.fill(f, from, to, 0f);
        } else {
            java.util.Arrays.fill((double[]) array, from, to, 0.0);
        }
    }

    /** What a forward pass hands its backward pass: the run's arrays as that pass left them. */
    private record Handle(RunArrays run, int generation) {
    }

    // ------------------------------------------------------------ forward

    @Override
    public Forward forward(double[][][] x, int[] lengths, Map<String, double[][]> initial) {
        int steps = x.length;
        int batch = lengths.length;
        RunArrays r = reusableRun(steps, batch);
        if (r == null) {
            r = new RunArrays(cell, params, steps, batch, lengths.clone());
        } else {
            r.lengths = lengths.clone();
        }
        Layout l = cell.layout;
        Schedule sch = cell.schedule;
        boolean inputInChunks = l.inputArray >= 0 && inputReadAtItsOwnStep && !sch.hoist().isEmpty();
        RunArrays run = r;
        if (l.inputArray >= 0 && !inputInChunks) {
            forSteps(steps, (from, to) -> fillSequence(run, x, from, to));
        }
        for (StepGraph.StateSlot s : forwardGraph.states()) {
            fillHistory(r, s, initial.get(s.name()));
        }
        fillMasks(r);
        products.prepare(r, sch.hoist(), Set.of());
        products.prepare(r, sch.forward(), Set.of());
        int chunk = chunkSteps(batch);
        int chunks = sch.hoist().isEmpty() ? 0 : ceilDiv(steps, chunk);
        if (chunks > 0) {
            // Nothing else can run yet: the first chunk's products are cut into parts for every thread, the rest go beside the loop.
            hoistChunk(r, x, 0, chunk, inputInChunks, true);
        }
        int later = Math.max(chunks - 1, 0);
        stream.start(later, k -> hoistChunk(run, x, k + 1, chunk, inputInChunks, false));
        stream.publish(later);
        try {
            for (int t = 0; t < steps; t++) {
                if (chunks > 0 && t > 0 && t % chunk == 0) {
                    stream.awaitDone(t / chunk - 1);
                }
                runStages(r, sch.forward(), cell.forward, r.offsets(t), batch, Set.of(), true);
                if (r.masked(t)) {
                    carryStates(r, t);
                }
            }
        } finally {
            stream.finish();
        }
        double[][][] y = r.outputs(outputSize());
        forSteps(steps, (from, to) -> copyOutputs(run, y, from, to));
        return new Forward(y, finalStates(r), new Handle(r, r.generation));
    }

    /** Work over a range of steps [from, to). */
    private interface StepRange {
        void run(int from, int to);
    }

    /** Runs {@code work} over [0, steps) in a range per thread: copying values between the API's arrays and the layer's. */
    private void forSteps(int steps, StepRange work) {
        int parts = Math.min(pool.parallelism(), steps);
        pool.forEach(parts, i -> work.run((int) ((long) i * steps / parts), (int) ((long) (i + 1) * steps / parts)));
    }

    /**
     * The hoisted work (the input projection) of chunk k's steps, with its input when
     * {@code withInput}; with {@code inParts}, its products cut into parts and its kernels split
     * over the pool. The time loop reaches it a chunk at a time: the first chunk runs in parts
     * before the loop, the rest whole beside it, each on whichever thread of the pool is free.
     */
    private void hoistChunk(RunArrays r, double[][][] x, int k, int chunk, boolean withInput, boolean inParts) {
        int from = k * chunk;
        int to = Math.min(r.steps, from + chunk);
        if (withInput) {
            fillSequence(r, x, from, to);
        }
        runStages(r, cell.schedule.hoist(), cell.hoist, r.offsets(from), (to - from) * r.batch, Set.of(), inParts);
    }

    /**
     * Steps per chunk of the work that runs beside the time loop: enough rows for an efficient
     * product, few enough that the other threads start early and all end together. It depends
     * on the batch alone: chunks are how the weight gradients are summed.
     */
    private int chunkSteps(int batch) {
        return Math.max(1, ceilDiv(chunkRows, batch));
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    /**
     * How a pass over {@code steps} steps of {@code batch} rows is cut, in words, a line each:
     * the chunks beside the time loop, the parts of every product cut into parts, the kernels.
     */
    public List<String> workSplit(int steps, int batch) {
        List<String> lines = new ArrayList<>();
        int chunk = chunkSteps(batch);
        int chunks = ceilDiv(steps, chunk);
        lines.add(String.format("time loop on the calling thread; beside it %d chunk%s of %d steps (%d rows), "
                + "weight gradients summed in %d lanes", chunks, chunks == 1 ? "" : "s", chunk, chunk * batch,
                ParamGradSums.LANES));
        Schedule sch = cell.schedule;
        int firstChunk = Math.min(steps, chunk) * batch;
        for (int m : gemmsOf(sch.hoist())) {
            lines.add("first chunk's input projection " + products.describe(m, firstChunk));
        }
        for (int m : gemmsOf(sch.forward())) {
            lines.add("forward step product " + products.describe(m, batch));
        }
        for (int m : gemmsOf(sch.backward())) {
            lines.add("backward step product " + products.describe(m, batch));
        }
        long widest = cell.workPerRow.values().stream().mapToLong(Long::longValue).max().orElse(0);
        lines.add("step kernels over the batch rows in up to " + ParallelRows.parts(batch, widest, pool.parallelism())
                + " parts (whole on a thread beside the loop)");
        return lines;
    }

    /** The MATVEC nodes of a phase's stages, in order. */
    private int[] gemmsOf(List<Schedule.Stage> phase) {
        return Arrays.stream(stageGemms.get(phase)).flatMapToInt(Arrays::stream).toArray();
    }

    /** Sets the rows per chunk of work beside the time loop (tests make chunks of one step). */
    void chunkRows(int rows) {
        chunkRows = rows;
    }

    /** The input of steps [from, to) into the input array. */
    private void fillSequence(RunArrays r, double[][][] x, int from, int to) {
        Object array = r.arrays[cell.layout.inputArray];
        int width = cell.layout.arrays.get(cell.layout.inputArray).width();
        for (int t = from; t < to; t++) {
            for (int b = 0; b < r.batch; b++) {
                p.copyIn(x[t][b], 0, array, (t * r.batch + b) * width, width);
            }
        }
    }

    /** Each masked state's mask, one row per sample; ones where none was given. */
    private void fillMasks(RunArrays r) {
        cell.layout.maskArray.forEach((state, array) -> {
            int w = stateSize(state);
            for (int b = 0; b < r.batch; b++) {
                p.copyIn(maskRow(state, b), 0, r.arrays[array], b * w, w);
            }
        });
    }

    /** Every step before the first holds the initial value (zeros when none is given). */
    private void fillHistory(RunArrays r, StepGraph.StateSlot s, double[][] init) {
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

    /**
     * Runs each stage's products and kernel, but for the products and kernels whose every node
     * is in {@code skip}. With {@code inParts} (the time loop's steps, the first chunk) the
     * products run as their {@link GemmParts} and the kernels split over the pool's free
     * threads; without (the work beside the loop, already on a thread of its own) each runs whole.
     */
    private void runStages(RunArrays r, List<Schedule.Stage> stages, List<Kernel> kernels, int[] offs, int rows,
                           Set<Integer> skip, boolean inParts) {
        int[][] gemms = stageGemms.get(stages);
        for (int s = 0; s < stages.size(); s++) {
            for (int m : gemms[s]) {
                if (!skip.contains(m)) {
                    products.gemm(r, m, offs, rows, inParts);
                }
            }
            Kernel k = kernels.get(s);
            if (k != null && (skip.isEmpty() || !skip.containsAll(stages.get(s).region().nodes()))) {
                if (inParts) {
                    rowsParallel.run(k, r.table, offs, rows, cell.workPerRow.get(k));
                } else {
                    k.run(r.table, offs, 0, rows);
                }
            }
        }
    }

    /** Past a sequence's end its states stay as they were. */
    private void carryStates(RunArrays r, int t) {
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

    /** The outputs of steps [from, to) into {@code y}, zeros past each sequence's end. */
    private void copyOutputs(RunArrays r, double[][][] y, int from, int to) {
        Slot s = cell.layout.slot(forwardGraph.output());
        int w = outputSize();
        for (int t = from; t < to; t++) {
            int[] offs = r.offsets(t);
            Object a = r.array(s);
            for (int b = 0; b < r.batch; b++) {
                if (t < r.lengths[b]) {
                    p.copyOut(a, r.index(s, offs, b, 0), y[t][b], 0, w);
                } else {
                    java.util.Arrays.fill(y[t][b], 0);
                }
            }
        }
    }

    private Map<String, double[][]> finalStates(RunArrays r) {
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

    // ------------------------------------------------------------ backward

    @Override
    public Backward backward(Forward fwd, double[][][] dy, Map<String, double[][]> dFinal, Map<String, Tensor> paramGrads) {
        Handle handle = (Handle) fwd.saved();
        RunArrays r = handle.run();
        if (r.generation != handle.generation() || spare == r) {
            throw new IllegalStateException("backward already ran for this forward pass; run forward again");
        }
        Layout l = cell.layout;
        for (StepGraph.StateSlot s : forwardGraph.states()) {
            double[][] fin = dFinal.get(s.name());
            if (fin != null) {
                addRows(r.arrays[l.stateGradArray.get(s.name())], (s.maxLag() + r.steps - 1) * r.batch, fin,
                        stateSize(s.name()));
            }
        }
        Schedule sch = cell.schedule;
        Set<Integer> skip = inputGradients ? Set.of() : cell.forInputGradientOnly;
        products.prepare(r, sch.backward(), Set.of());
        products.prepare(r, sch.deferred(), skip);
        int chunk = chunkSteps(r.batch);
        int chunks = ceilDiv(r.steps, chunk);
        sums.begin(r, chunk * r.batch, chunks);
        double[][][] dx = inputGradients ? r.inputGrads(inputSize()) : null;
        // Tasks [0, chunks) fill each chunk's output gradients ahead of the loop, the rest finish each chunk after it.
        stream.start(2 * chunks, k -> {
            if (k < chunks) {
                fillSeeds(r, dy, backwardChunkBound(r, k, chunk, 0), backwardChunkBound(r, k, chunk, 1));
            } else {
                backwardChunk(r, k - chunks, chunk, skip, dx);
            }
        });
        stream.publish(chunks);
        try {
            for (int t = r.steps - 1; t >= 0; t--) {
                if ((r.steps - 1 - t) % chunk == 0) {
                    stream.awaitDone((r.steps - 1 - t) / chunk);
                }
                int[] offs = r.offsets(t);
                boolean held = r.masked(t);
                if (held) {
                    holdSeeds(r, t);
                }
                runStages(r, sch.backward(), cell.backward, offs, r.batch, Set.of(), true);
                for (int i = 0; i < stateReads.length; i++) {
                    addStateGrad(r, i, offs, t);
                }
                if (held) {
                    passSeeds(r, t - 1);
                }
                stream.publish(chunks + (r.steps - t) / chunk);
            }
        } finally {
            stream.finish();
        }
        params.forEach((name, t) -> paramGrads.computeIfAbsent(name, k -> Tensor.zeros(t.shape())));
        sums.addTo(paramGrads);
        Backward result = new Backward(dx, initialGrads(r));
        spare = r;
        return result;
    }

    /**
     * What the backward pass owes chunk k's steps once the time loop has passed them (chunks
     * count from the last step): the deferred products and regions over their rows, and their
     * part of the parameter gradients.
     */
    private void backwardChunk(RunArrays r, int k, int chunk, Set<Integer> skip, double[][][] dx) {
        int from = backwardChunkBound(r, k, chunk, 0);
        int to = backwardChunkBound(r, k, chunk, 1);
        int[] offs = r.offsets(from);
        int rows = (to - from) * r.batch;
        runStages(r, cell.schedule.deferred(), cell.deferred, offs, rows, skip, false);
        sums.chunkDone(offs, rows, k);
        if (dx != null) {
            copyInputGrads(r, dx, from, to);
        }
    }

    /** The first step (end 0) or the step after the last (end 1) of backward chunk k, counted from the last step. */
    private static int backwardChunkBound(RunArrays r, int k, int chunk, int end) {
        int to = r.steps - k * chunk;
        return end == 1 ? to : Math.max(0, to - chunk);
    }

    /**
     * The output gradients of steps [from, to), zero past each sequence's end (where the outputs
     * were zeros, not the cell's).
     */
    private void fillSeeds(RunArrays r, double[][][] dy, int from, int to) {
        if (cell.layout.seedOutputArray < 0) {
            return;
        }
        Object array = r.arrays[cell.layout.seedOutputArray];
        int width = outputSize();
        for (int t = from; t < to; t++) {
            for (int b = 0; b < r.batch; b++) {
                p.copyIn(t < r.lengths[b] ? dy[t][b] : zeroOutput, 0, array, (t * r.batch + b) * width, width);
            }
        }
    }

    /**
     * Past a sequence's end the step did nothing, so the gradient arriving there passes
     * straight to the step before: take it out of this step's seeds (into the run's held rows)
     * and hand it back after, with {@link #passSeeds}.
     */
    private void holdSeeds(RunArrays r, int t) {
        for (StepGraph.StateSlot s : forwardGraph.states()) {
            Object a = r.arrays[cell.layout.stateGradArray.get(s.name())];
            double[][] seeds = r.heldSeeds(s.name(), stateSize(s.name()));
            for (int b = 0; b < r.batch; b++) {
                if (t >= r.lengths[b]) {
                    int w = seeds[b].length;
                    int at = ((s.maxLag() + t) * r.batch + b) * w;
                    for (int i = 0; i < w; i++) {
                        seeds[b][i] = p.get(a, at + i);
                        p.set(a, at + i, 0);
                    }
                }
            }
        }
    }

    /** Adds the seeds held at step t + 1 to step t, for the sequences that had ended. */
    private void passSeeds(RunArrays r, int t) {
        for (StepGraph.StateSlot s : forwardGraph.states()) {
            Object a = r.arrays[cell.layout.stateGradArray.get(s.name())];
            double[][] seeds = r.heldSeeds(s.name(), stateSize(s.name()));
            for (int b = 0; b < r.batch; b++) {
                if (t + 1 >= r.lengths[b]) {
                    int w = seeds[b].length;
                    int at = ((s.maxLag() + t) * r.batch + b) * w;
                    for (int i = 0; i < w; i++) {
                        p.set(a, at + i, p.get(a, at + i) + seeds[b][i]);
                    }
                }
            }
        }
    }

    /** Adds the gradient of state read i at step t into the state's gradient at step t − lag. */
    private void addStateGrad(RunArrays r, int i, int[] offs, int t) {
        BackwardGraph.StateRead read = stateReads[i];
        int node = stateReadGrads[i];
        Slot s = cell.layout.slot(node);
        Object from = r.array(s);
        Object into = r.arrays[cell.layout.stateGradArray.get(read.state())];
        int w = stateSize(read.state());
        int slab = (stateReadMaxLag[i] + t - read.lag()) * r.batch * w;
        boolean scalar = nodes.get(node).isScalar();
        for (int b = 0; b < r.batch; b++) {
            if (!scalar) {
                p.add(from, r.index(s, offs, b, 0), into, slab + b * w, w);
                continue;
            }
            double v = p.get(from, r.index(s, offs, b, 0));
            for (int e = 0; e < w; e++) {
                p.set(into, slab + b * w + e, p.get(into, slab + b * w + e) + v);
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

    /** The input gradients of steps [from, to) into {@code dx} (zeros where the output does not depend on the input). */
    private void copyInputGrads(RunArrays r, double[][][] dx, int from, int to) {
        int w = inputSize();
        int id = cell.schedule.program().backward().inputGrad();
        if (id < 0) {
            for (int t = from; t < to; t++) {
                for (double[] row : dx[t]) {
                    java.util.Arrays.fill(row, 0);
                }
            }
            return;
        }
        int[] whole = r.offsets(0);
        Slot s = cell.layout.slot(id);
        boolean scalar = nodes.get(id).isScalar();
        for (int t = from; t < to; t++) {
            for (int b = 0; b < r.batch; b++) {
                int at = r.index(s, whole, t * r.batch + b, 0);
                if (scalar) {
                    java.util.Arrays.fill(dx[t][b], p.get(r.array(s), at));
                } else {
                    p.copyOut(r.array(s), at, dx[t][b], 0, w);
                }
            }
        }
    }

    /** Every step before the first held the initial value, so its gradient is the sum over them. */
    private Map<String, double[][]> initialGrads(RunArrays r) {
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
