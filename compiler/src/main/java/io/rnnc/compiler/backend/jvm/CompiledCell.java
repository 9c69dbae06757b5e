package io.rnnc.compiler.backend.jvm;

import io.rnnc.compiler.CellProgram;
import io.rnnc.compiler.autodiff.BackwardGraph;
import io.rnnc.compiler.ir.Matrix;
import io.rnnc.compiler.ir.Node;
import io.rnnc.compiler.ir.Op;
import io.rnnc.compiler.schedule.Schedule;
import io.rnnc.compiler.schedule.Scheduler;
import io.rnnc.runtime.kernels.Kernel;
import io.rnnc.runtime.kernels.LaneSupport;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A cell compiled for the JVM at given sizes and precision: its schedule, where each node
 * lives, and one generated, loaded kernel per fused region. Independent of the sequence
 * length and batch size, so one compilation serves every batch.
 */
public final class CompiledCell {
    private static final AtomicLong COUNTER = new AtomicLong();

    final Schedule schedule;
    final Layout layout;
    final Map<String, Integer> sizes;
    final Precision precision;
    final List<Kernel> hoist = new ArrayList<>();
    final List<Kernel> forward = new ArrayList<>();
    final List<Kernel> backward = new ArrayList<>();
    final List<Kernel> deferred = new ArrayList<>();
    /**
     * Nodes computed after the backward loop that only the input gradient needs: a layer whose
     * input is data skips their products and kernels.
     */
    final Set<Integer> forInputGradientOnly;
    /** Element operations per batch row of each kernel, to decide when to split rows over cores. */
    final Map<Kernel, Long> workPerRow = new java.util.HashMap<>();
    private final Map<String, byte[]> classFiles = new LinkedHashMap<>();
    /** Floats per vector in the float32 kernels' vector loops; 0 for scalar loops only. */
    final int lanes;
    /** The binary class name of each kernel, for execution plans. */
    final Map<Kernel, String> kernelNames = new java.util.IdentityHashMap<>();

    private CompiledCell(CellProgram program, Map<String, Integer> sizes, boolean f64, int lanes) {
        this.lanes = lanes;
        this.schedule = Scheduler.of(program);
        this.sizes = Map.copyOf(sizes);
        this.precision = f64 ? Precision.F64 : Precision.F32;
        this.layout = Layout.of(schedule, sizes, true);
        KernelLoader loader = new KernelLoader(CompiledCell.class.getClassLoader());
        String prefix = "io/rnnc/generated/" + javaName(program.cell().name()) + (f64 ? "_f64_" : "_f32_")
                + COUNTER.incrementAndGet() + "$";
        compileStages(loader, prefix + "Hoist", schedule.hoist(), hoist);
        compileStages(loader, prefix + "Forward", schedule.forward(), forward);
        compileStages(loader, prefix + "Backward", schedule.backward(), backward);
        compileStages(loader, prefix + "Deferred", schedule.deferred(), deferred);
        this.forInputGradientOnly = forInputGradientOnly(schedule);
    }

    /** The deferred stages' nodes that no parameter gradient reads, directly or through others. */
    private static Set<Integer> forInputGradientOnly(Schedule schedule) {
        BackwardGraph bg = schedule.program().backward();
        Set<Integer> needed = new HashSet<>();
        Deque<Integer> todo = new ArrayDeque<>();
        for (BackwardGraph.ParamGrad g : bg.paramGrads()) {
            if (g instanceof BackwardGraph.ParamGrad.Outer o) {
                todo.push(o.delta());
                todo.push(o.operand());
            } else {
                todo.push(((BackwardGraph.ParamGrad.Direct) g).delta());
            }
        }
        while (!todo.isEmpty()) {
            int id = todo.pop();
            if (needed.add(id)) {
                bg.nodes().get(id).inputs().forEach(todo::push);
            }
        }
        Set<Integer> only = new HashSet<>();
        for (Schedule.Stage s : schedule.deferred()) {
            only.addAll(s.gemms());
            only.addAll(s.region().nodes());
        }
        only.removeAll(needed);
        return Set.copyOf(only);
    }

    /** Compiles {@code program} (grouped) for these sizes; {@code f64} selects float64 code. */
    public static CompiledCell compile(CellProgram program, Map<String, Integer> sizes, boolean f64) {
        return new CompiledCell(program, sizes, f64, LaneSupport.floatLanes());
    }

    /** The same with {@code lanes} floats per vector in the float32 kernels, 0 for scalar code only (tests compare the two). */
    static CompiledCell compile(CellProgram program, Map<String, Integer> sizes, boolean f64, int lanes) {
        return new CompiledCell(program, sizes, f64, lanes);
    }

    /** The generated class files by internal name, for `rnnc compile` and for verification. */
    public Map<String, byte[]> classFiles() {
        return classFiles;
    }

    /**
     * The floating-point operations of the matrix products in one training step of
     * {@code steps} steps and {@code batch} rows: the forward and backward products and the
     * weight gradients, without the products only the input gradient needs unless
     * {@code inputGradients}. A cell's time is predicted from these and another cell's rate.
     */
    public long gemmFlops(int steps, int batch, boolean inputGradients) {
        List<Node> nodes = schedule.program().backward().nodes();
        long flops = 0;
        for (List<Schedule.Stage> phase : List.of(schedule.hoist(), schedule.forward(), schedule.backward(),
                schedule.deferred())) {
            for (Schedule.Stage s : phase) {
                for (int m : s.gemms()) {
                    if (inputGradients || !forInputGradientOnly.contains(m)) {
                        flops += productFlops(nodes.get(m).matrix(), (long) steps * batch);
                    }
                }
            }
        }
        for (BackwardGraph.ParamGrad g : schedule.program().backward().paramGrads()) {
            if (g instanceof BackwardGraph.ParamGrad.Outer o) {
                flops += productFlops(o.matrix(), (long) steps * batch);
            }
        }
        return flops;
    }

    private long productFlops(Matrix m, long rows) {
        return 2 * rows * m.rows().evaluate(sizes) * m.cols().evaluate(sizes);
    }

    /** The schedule this cell runs. */
    public Schedule schedule() {
        return schedule;
    }

    private void compileStages(KernelLoader loader, String name, List<Schedule.Stage> stages, List<Kernel> into) {
        for (int i = 0; i < stages.size(); i++) {
            into.add(kernel(loader, name + i, stages.get(i).region()));
        }
    }

    private Kernel kernel(KernelLoader loader, String className, Schedule.Region region) {
        List<Node> nodes = schedule.program().backward().nodes();
        List<Integer> computed = region.nodes().stream().filter(id -> nodes.get(id).op() != Op.SLICE).toList();
        if (computed.isEmpty()) {
            return null;
        }
        byte[] bytes = new RegionCompiler(nodes, sizes, precision.f64(), layout::slot, lanes).compile(className, computed);
        classFiles.put(className, bytes);
        try {
            Kernel k = (Kernel) loader.define(className, bytes).getConstructor().newInstance();
            kernelNames.put(k, className.replace('/', '.'));
            workPerRow.put(k, computed.stream().mapToLong(id -> Segments.width(nodes.get(id), sizes)).sum());
            return k;
        } catch (InstantiationException | IllegalAccessException | InvocationTargetException | NoSuchMethodException e) {
            throw new IllegalStateException("generated kernel " + className + " could not be instantiated", e);
        }
    }

    /** An ASCII class name made of a cell's name, so that every tool reading the classes accepts it. */
    private static String javaName(String cellName) {
        String ascii = cellName.replaceAll("[^A-Za-z0-9_]", "_");
        return ascii.isEmpty() || Character.isDigit(ascii.charAt(0)) ? "Cell_" + ascii : ascii;
    }
}
