package io.rnnc.compiler.backend.opencl;

import com.aparapi.internal.model.ClassModel;
import com.aparapi.internal.writer.KernelWriter;
import io.rnnc.compiler.CellProgram;
import io.rnnc.compiler.backend.jvm.KernelLoader;
import io.rnnc.compiler.backend.jvm.Layout;
import io.rnnc.compiler.ir.Node;
import io.rnnc.compiler.ir.Op;
import io.rnnc.compiler.schedule.Schedule;
import io.rnnc.compiler.schedule.Scheduler;
import java.lang.reflect.InvocationTargetException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A cell compiled for OpenCL at given sizes, in float32: the schedule and layout the JVM
 * backend uses, and one generated kernel class whose methods are the fused regions. The
 * regions are numbered in the order hoist, forward, backward, deferred; {@link #pass} gives a
 * stage's number (or -1 when its region is empty). Independent of the sequence length and
 * batch size.
 */
public final class OpenClCell {
    private static final String PACKAGE = "io/rnnc/generated/opencl/";

    final Schedule schedule;
    final Layout layout;
    final Map<String, Integer> sizes;
    final RegionMethodWriter regionWriter;
    private final List<List<Integer>> regions = new ArrayList<>();
    private final Map<Schedule.Stage, Integer> passOf = new java.util.IdentityHashMap<>();
    private final String className;
    private final byte[] classFile;
    private final Class<? extends LayerKernel> kernelClass;

    private OpenClCell(CellProgram program, Map<String, Integer> sizes) {
        this.schedule = Scheduler.of(program);
        this.sizes = Map.copyOf(sizes);
        this.layout = Layout.of(schedule, sizes, false);
        List<Node> nodes = schedule.program().backward().nodes();
        this.regionWriter = new RegionMethodWriter(nodes, this.sizes, layout::slot);
        for (List<Schedule.Stage> phase : List.of(schedule.hoist(), schedule.forward(), schedule.backward(),
                schedule.deferred())) {
            for (Schedule.Stage s : phase) {
                List<Integer> computed = s.region().nodes().stream().filter(id -> nodes.get(id).op() != Op.SLICE).toList();
                if (!computed.isEmpty()) {
                    passOf.put(s, regions.size());
                    regions.add(computed);
                }
            }
        }
        this.className = PACKAGE + javaName(program.cell().name()) + "_"
                + contentHash(KernelClassWriter.write(PACKAGE + "Kernel", regions, regionWriter));
        this.classFile = KernelClassWriter.write(className, regions, regionWriter);
        KernelLoader loader = new KernelLoader(OpenClCell.class.getClassLoader());
        this.kernelClass = loader.define(className, classFile).asSubclass(LayerKernel.class);
    }

    /** Compiles {@code program} (grouped) for these sizes. */
    public static OpenClCell compile(CellProgram program, Map<String, Integer> sizes) {
        return new OpenClCell(program, sizes);
    }

    /** The schedule this cell runs. */
    public Schedule schedule() {
        return schedule;
    }

    /** The generated class's internal name. */
    public String className() {
        return className;
    }

    /** The generated class file. */
    public byte[] classFile() {
        return classFile.clone();
    }

    /** A new kernel object: each has its own OpenCL context and buffers, so each layer needs its own. */
    public LayerKernel newKernel() {
        try {
            return kernelClass.getConstructor().newInstance();
        } catch (InstantiationException | IllegalAccessException | InvocationTargetException | NoSuchMethodException e) {
            throw new IllegalStateException("generated kernel " + className + " could not be instantiated", e);
        }
    }

    /** The OpenCL C that Aparapi writes for the generated class. */
    public String openClSource() {
        try {
            LayerKernel k = newKernel();
            return KernelWriter.writeToString(ClassModel.createClassModel(kernelClass).getEntrypoint("run", k));
        } catch (com.aparapi.internal.exception.AparapiException e) {
            throw new IllegalStateException("Aparapi could not translate " + className + ": " + e.getMessage(), e);
        }
    }

    /** The pass number of a stage's region, or -1 when it computes nothing. */
    int pass(Schedule.Stage stage) {
        return passOf.getOrDefault(stage, -1);
    }

    /** The node ids of pass {@code pass}'s region. */
    List<Integer> region(int pass) {
        return regions.get(pass);
    }

    /** The number of generated regions. */
    public int regionCount() {
        return regions.size();
    }

    /**
     * Aparapi (through BCEL) caches classes by name, so two different kernels must never share
     * one; naming a kernel by its code gives the same kernel the same name, so that PoCL's
     * cache of built programs (keyed by the OpenCL source, which holds the name) serves it in
     * the next run too.
     */
    private static String contentHash(byte[] code) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(code);
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }

    private static String javaName(String cellName) {
        String ascii = cellName.replaceAll("[^A-Za-z0-9_]", "_");
        return ascii.isEmpty() || Character.isDigit(ascii.charAt(0)) ? "Cell_" + ascii : ascii;
    }
}
