package io.rnnc.compiler.backend.opencl;

import com.aparapi.device.Device;
import com.aparapi.device.OpenCLDevice;
import io.rnnc.compiler.autodiff.BackwardGraph;
import io.rnnc.compiler.backend.BackendUnavailableException;
import io.rnnc.compiler.backend.StepGraphLayer;
import io.rnnc.compiler.backend.jvm.Layout;
import io.rnnc.compiler.backend.jvm.Slot;
import io.rnnc.compiler.ir.MatrixAccess;
import io.rnnc.compiler.ir.Node;
import io.rnnc.compiler.ir.StepGraph;
import io.rnnc.compiler.schedule.Schedule;
import io.rnnc.runtime.tensor.Tensor;
import java.lang.ref.Cleaner;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A compiled cell running on an OpenCL device, in float32: the schedule of the JVM backend,
 * with every product a launch of the tiled matrix-product pass and every fused region a launch
 * of its generated method. The whole run stays on the device: the arena goes there once at
 * the start of a forward (or backward) call and comes back once at its end; nothing is copied
 * between launches. One layer serves one thread at a time.
 */
public final class OpenClLayer extends StepGraphLayer {
    private static final Cleaner CLEANER = Cleaner.create();

    private final OpenClCell cell;
    private final Launcher launcher;
    private final LayerKernel k;
    private final List<Node> nodes;
    private final boolean unmovableArena;
    private Arena arena;
    private float[] mem;
    private int[] lengths;
    private int generation;
    private boolean backwardDone;
    /** Disposes of the kernel, which frees its device memory: on {@link #close()}, or once the layer is unreachable. */
    private final Cleaner.Cleanable disposal;
    private boolean closed;

    /**
     * Builds the cell's kernel for {@code device}.
     *
     * @param params the parameters by the cell's names (read at each forward call, so updates show)
     * @throws BackendUnavailableException when the kernel does not build on the device
     */
    public OpenClLayer(OpenClCell cell, Map<String, Tensor> params, OpenCLDevice device) {
        super(cell.schedule.program().forward(), cell.sizes, params);
        this.cell = cell;
        this.k = cell.newKernel();
        this.launcher = new Launcher(k, device, cell.schedule.program().cell().name());
        this.nodes = cell.schedule.program().backward().nodes();
        // Only where the device works on the host's array itself can Aparapi re-create a buffer from it safely.
        this.unmovableArena = device.getType() != Device.TYPE.CPU || !device.isSharedMemory();
        LayerKernel kernel = k;
        this.disposal = CLEANER.register(this, kernel::dispose);
    }

    /** Frees the kernel's device memory now rather than when the collector finds the layer. */
    @Override
    public void close() {
        closed = true;
        disposal.clean();
    }

    /** The kernel object, for tests that check where it ran. */
    LayerKernel kernel() {
        return k;
    }

    /** What a forward pass hands its backward pass: which forward it was. */
    private record Handle(int generation) {
    }

    // ------------------------------------------------------------ forward

    @Override
    public Forward forward(double[][][] x, int[] lengths, Map<String, double[][]> initial) {
        int steps = x.length;
        int batch = lengths.length;
        requireOpen();
        prepare(steps, batch, lengths);
        Layout l = cell.layout;
        ArenaIo.parameters(cell, arena, mem, params);
        if (l.inputArray >= 0) {
            ArenaIo.sequence(x, mem, arena.arrayStart[l.inputArray], inputSize(), lengths, false);
        }
        for (StepGraph.StateSlot s : forwardGraph.states()) {
            double[][] init = initial.get(s.name());
            for (int slab = 0; init != null && slab < s.maxLag(); slab++) {
                ArenaIo.addRows(init, mem, arena.arrayStart[l.stateArray.get(s.name())], slab * batch, stateSize(s.name()));
            }
        }
        l.maskArray.forEach((state, array) -> {
            int w = stateSize(state);
            for (int b = 0; b < batch; b++) {
                ArenaIo.copyIn(maskRow(state, b), mem, arena.arrayStart[array] + b * w, w);
            }
        });
        new KernelTables(cell, arena, lengths).install(k);
        k.put(mem);
        runStages(cell.schedule.hoist(), 0, steps * batch);
        for (int t = 0; t < steps; t++) {
            runStages(cell.schedule.forward(), t, batch);
            if (masked(t)) {
                k.t = t;
                launcher.run(LayerKernel.CARRY_STATES, batch);
            }
        }
        k.get(mem);
        generation++;
        backwardDone = false;
        Slot out = l.slot(forwardGraph.output());
        double[][][] y = ArenaIo.sequenceOut(mem, arena, out, false, outputSize(), lengths, true, false);
        Map<String, double[][]> finals = new LinkedHashMap<>();
        for (StepGraph.StateSlot s : forwardGraph.states()) {
            finals.put(s.name(), ArenaIo.rows(mem, arena.arrayStart[l.stateArray.get(s.name())],
                    (s.maxLag() + steps - 1) * batch, batch, stateSize(s.name())));
        }
        return new Forward(y, finals, new Handle(generation));
    }

    /** The arena for this shape (kept from the last run when the shape is the same), cleared. */
    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("this OpenCL layer was closed, and its device memory freed");
        }
    }

    private void prepare(int steps, int batch, int[] lengths) {
        for (int len : lengths) {
            if (len < 0 || len > steps) {
                throw new IllegalArgumentException("a sequence length of " + len + " is outside 0.." + steps);
            }
        }
        this.lengths = lengths.clone();
        if (arena == null || arena.steps != steps || arena.batch != batch) {
            arena = new Arena(cell, steps, batch);
            mem = new float[unmovableArena ? Math.max(arena.size, Arena.UNMOVABLE_FLOATS) : Math.max(arena.size, 1)];
        } else {
            Arrays.fill(mem, 0f);
        }
        k.mem = mem;
        k.batch = batch;
    }

    private boolean masked(int t) {
        for (int len : lengths) {
            if (t >= len) {
                return true;
            }
        }
        return false;
    }

    private void runStages(List<Schedule.Stage> stages, int t, int rows) {
        for (Schedule.Stage s : stages) {
            for (int id : s.gemms()) {
                product(id, t, rows);
            }
            int pass = cell.pass(s);
            if (pass >= 0) {
                k.t = t;
                k.rows = rows;
                launcher.run(pass, cell.regionWriter.workItems(cell.region(pass), rows));
            }
        }
    }

    /** OUT[rows, ·] = V[rows, ·]·Mᵀ for one MATVEC node: M is packed transposed. */
    private void product(int id, int t, int rows) {
        Node n = nodes.get(id);
        Slot in = cell.layout.slot(n.in(0));
        Slot out = cell.layout.slot(id);
        int outW = Arena.rows(n.matrix(), cell);
        k.gM = rows;
        k.gN = outW;
        k.gK = Arena.cols(n.matrix(), cell);
        k.gA = arena.index(in, t, 0);
        k.gARow = in.stride();
        k.gACol = 1;
        k.gB = arena.packedStart.get(n.matrix());
        k.gBRow = 1;
        k.gBCol = outW;
        k.gC = arena.index(out, t, 0);
        k.gLdc = out.stride();
        launcher.gemm(rows, outW);
    }

    // ------------------------------------------------------------ backward

    @Override
    public Backward backward(Forward fwd, double[][][] dy, Map<String, double[][]> dFinal, Map<String, Tensor> paramGrads) {
        requireOpen();
        Handle handle = (Handle) fwd.saved();
        if (handle.generation() != generation || backwardDone) {
            throw new IllegalStateException("backward already ran for this forward pass, or another forward ran since; run forward again");
        }
        backwardDone = true;
        Layout l = cell.layout;
        int steps = arena.steps;
        int batch = arena.batch;
        if (l.seedOutputArray >= 0) {
            ArenaIo.sequence(dy, mem, arena.arrayStart[l.seedOutputArray], outputSize(), lengths, true);
        }
        for (StepGraph.StateSlot s : forwardGraph.states()) {
            double[][] fin = dFinal.get(s.name());
            if (fin != null) {
                ArenaIo.addRows(fin, mem, arena.arrayStart[l.stateGradArray.get(s.name())],
                        (s.maxLag() + steps - 1) * batch, stateSize(s.name()));
            }
        }
        k.put(mem);
        boolean stateGrads = !cell.schedule.program().backward().stateGrads().isEmpty();
        for (int t = steps - 1; t >= 0; t--) {
            k.t = t;
            if (masked(t)) {
                launcher.run(LayerKernel.MOVE_SEEDS, batch);
            }
            runStages(cell.schedule.backward(), t, batch);
            if (stateGrads) {
                k.t = t;
                launcher.run(LayerKernel.STATE_GRADS, batch);
            }
        }
        runStages(cell.schedule.deferred(), 0, steps * batch);
        weightGradients();
        k.get(mem);
        collectParamGrads(paramGrads);
        return new Backward(inputGrad(), initialGrads());
    }

    /** One product over all T·B rows per stacked weight, and one row sum per bias gradient. */
    private void weightGradients() {
        BackwardGraph bg = cell.schedule.program().backward();
        int rows = arena.steps * arena.batch;
        arena.outerStart.forEach((g, start) -> {
            BackwardGraph.ParamGrad.Outer o = (BackwardGraph.ParamGrad.Outer) bg.paramGrads().get(g);
            Slot d = cell.layout.slot(o.delta());
            Slot a = cell.layout.slot(o.operand());
            int cols = Arena.cols(o.matrix(), cell);
            k.gM = Arena.rows(o.matrix(), cell);
            k.gN = cols;
            k.gK = rows;
            k.gA = arena.index(d, 0, 0);
            k.gARow = 1;
            k.gACol = d.stride();
            k.gB = arena.index(a, 0, 0);
            k.gBRow = 1;
            k.gBCol = a.stride();
            k.gC = start;
            k.gLdc = cols;
            launcher.gemm(k.gM, cols);
        });
        arena.rowSumStart.forEach((delta, start) -> {
            Slot d = cell.layout.slot(delta);
            int w = Arena.width(nodes.get(delta), cell);
            k.rsFrom = arena.index(d, 0, 0);
            k.rsStride = Math.max(d.stride(), w);
            k.rsTo = start;
            k.rsWidth = w;
            k.rows = rows;
            launcher.run(LayerKernel.ROW_SUM, w);
        });
    }

    private void collectParamGrads(Map<String, Tensor> paramGrads) {
        params.forEach((name, t) -> paramGrads.computeIfAbsent(name, x -> Tensor.zeros(t.shape())));
        List<BackwardGraph.ParamGrad> grads = cell.schedule.program().backward().paramGrads();
        for (int g = 0; g < grads.size(); g++) {
            if (grads.get(g) instanceof BackwardGraph.ParamGrad.Outer o) {
                int rows = Arena.rows(o.matrix(), cell);
                int cols = Arena.cols(o.matrix(), cell);
                double[] dense = new double[rows * cols];
                ArenaIo.copyOut(mem, arena.outerStart.get(g), dense, rows * cols);
                new MatrixAccess(o.matrix(), cell.sizes).addDense(paramGrads, dense, rows, cols);
            } else {
                BackwardGraph.ParamGrad.Direct d = (BackwardGraph.ParamGrad.Direct) grads.get(g);
                Tensor grad = paramGrads.get(d.param());
                int start = arena.rowSumStart.get(d.delta());
                for (int i = 0; i < grad.size(); i++) {
                    grad.data()[i] += mem[start + i];
                }
            }
        }
    }

    private double[][][] inputGrad() {
        int id = cell.schedule.program().backward().inputGrad();
        if (id < 0) {
            return new double[arena.steps][arena.batch][inputSize()];
        }
        return ArenaIo.sequenceOut(mem, arena, cell.layout.slot(id), nodes.get(id).isScalar(), inputSize(), lengths,
                false, true);
    }

    /** Every step before the first held the initial value, so its gradient is the sum over them. */
    private Map<String, double[][]> initialGrads() {
        Map<String, double[][]> out = new LinkedHashMap<>();
        for (StepGraph.StateSlot s : forwardGraph.states()) {
            int w = stateSize(s.name());
            int start = arena.arrayStart[cell.layout.stateGradArray.get(s.name())];
            double[][] sum = new double[arena.batch][w];
            for (int slab = 0; slab < s.maxLag(); slab++) {
                double[][] part = ArenaIo.rows(mem, start, slab * arena.batch, arena.batch, w);
                for (int b = 0; b < arena.batch; b++) {
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
