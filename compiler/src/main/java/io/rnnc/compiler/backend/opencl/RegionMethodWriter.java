package io.rnnc.compiler.backend.opencl;

import io.rnnc.compiler.backend.jvm.Bytecode;
import io.rnnc.compiler.backend.jvm.CodeBudget;
import io.rnnc.compiler.backend.jvm.Segments;
import io.rnnc.compiler.backend.jvm.Slot;
import io.rnnc.compiler.ir.Node;
import io.rnnc.compiler.ir.Op;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.function.ToIntFunction;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Writes one fused region as a method of the generated kernel class (or several, see
 * {@link #write}), in bytecode that Aparapi translates to OpenCL C. A region that is one run of
 * same-width elementwise nodes gets one work-item per element of every row; any other region
 * (reductions, softmax, concatenation, runs of different widths) gets one work-item per row,
 * looping over the row's elements.
 * Values computed and read inside the region stay in locals; what others read is stored in
 * {@link LayerKernel#mem} at {@code bufBase[k] + t·bufStep[k] + row·stride + offset + i}.
 */
final class RegionMethodWriter implements Opcodes {
    static final String BASE = "io/rnnc/compiler/backend/opencl/LayerKernel";
    private static final String APARAPI_KERNEL = "com/aparapi/Kernel";

    private final List<Node> nodes;
    private final Map<String, Integer> sizes;
    private final IntFunction<Slot> slots;
    private final Map<Integer, Integer> bufferOffset = new HashMap<>();
    private final Map<Integer, Integer> valueLocal = new HashMap<>();
    private final Map<List<Integer>, List<Segments.Segment>> segmentsOf = new IdentityHashMap<>();
    private MethodVisitor mv;
    private LocalTable locals;
    private int row;
    private int element;

    /**
     * @param nodes the backward graph's nodes (forward nodes first)
     * @param sizes values of the size variables
     * @param slots where each node is stored, or null for one kept in a local
     */
    RegionMethodWriter(List<Node> nodes, Map<String, Integer> sizes, IntFunction<Slot> slots) {
        this.nodes = nodes;
        this.sizes = sizes;
        this.slots = slots;
    }

    /**
     * True when a region runs one work-item per element: one run of same-width elementwise
     * nodes (which may be cut into several segments, whose values the work-item stores before
     * the next segment reads them).
     */
    private static boolean perElement(List<Segments.Segment> segments) {
        return segments.stream().allMatch(s -> s.elementwise() && s.width() == segments.get(0).width());
    }

    /** Work-items one launch of {@code region} needs for {@code rows} rows. */
    long workItems(List<Integer> region, int rows) {
        List<Segments.Segment> segments = segments(region);
        return perElement(segments) ? (long) rows * segments.get(0).width() : rows;
    }

    /** The region's segments, split once per region (a launch asks for them at every step). */
    private List<Segments.Segment> segments(List<Integer> region) {
        return segmentsOf.computeIfAbsent(region, r -> Segments.split(r, nodes, sizes));
    }

    /**
     * Adds the method {@code name()V} computing {@code region} to {@code cw}, a class named
     * {@code className}. Where the region's code would pass {@link CodeBudget#BYTES}, its
     * segments go into methods {@code name_0()V}, {@code name_1()V}, … that it calls in turn:
     * the JVM refuses a method of more than 64 KB, and Aparapi's fallback runs the class on the JVM.
     */
    void write(ClassWriter cw, String className, String name, List<Integer> region) {
        List<Segments.Segment> segments = segments(region);
        boolean perElement = perElement(segments);
        List<List<Segments.Segment>> parts = CodeBudget.pack(segments, measure(segments, perElement), CodeBudget.BYTES);
        if (parts.size() == 1) {
            method(cw, name, segments, perElement);
            return;
        }
        for (int p = 0; p < parts.size(); p++) {
            method(cw, name + "_" + p, parts.get(p), perElement);
        }
        callParts(cw, className, name, parts.size());
    }

    /** The bytecode of each segment as a method of its own. */
    private ToIntFunction<Segments.Segment> measure(List<Segments.Segment> segments, boolean perElement) {
        ClassWriter probe = new ClassWriter(ClassWriter.COMPUTE_FRAMES | ClassWriter.COMPUTE_MAXS);
        probe.visit(V1_8, ACC_PUBLIC | ACC_FINAL | ACC_SUPER, "Probe", null, BASE, null);
        for (int k = 0; k < segments.size(); k++) {
            method(probe, "s" + k, List.of(segments.get(k)), perElement);
        }
        probe.visitEnd();
        Map<String, Integer> lengths = CodeBudget.codeLengths(probe.toByteArray());
        Map<Segments.Segment, Integer> bytes = new IdentityHashMap<>();
        for (int k = 0; k < segments.size(); k++) {
            bytes.put(segments.get(k), lengths.get("s" + k + "()V"));
        }
        return bytes::get;
    }

    /** {@code name()V}: {@code name_0(); name_1(); …}. */
    private static void callParts(ClassWriter cw, String className, String name, int parts) {
        MethodVisitor mv = cw.visitMethod(ACC_PUBLIC, name, "()V", null, null);
        mv.visitCode();
        Label start = new Label();
        mv.visitLabel(start);
        for (int p = 0; p < parts; p++) {
            KernelClassWriter.call(mv, className, name + "_" + p);
        }
        KernelClassWriter.returnDeclaringThis(mv, className, start);
    }

    /** Adds the method {@code name()V} computing {@code segments} for one work-item. */
    private void method(ClassWriter cw, String name, List<Segments.Segment> segments, boolean perElement) {
        mv = cw.visitMethod(ACC_PUBLIC, name, "()V", null, null);
        mv.visitCode();
        locals = new LocalTable(mv);
        bufferOffset.clear();
        valueLocal.clear();
        Label end = new Label();
        int gid = locals.add("gid", "I", end);
        mv.visitVarInsn(ALOAD, 0);
        mv.visitMethodInsn(INVOKEVIRTUAL, APARAPI_KERNEL, "getGlobalId", "()I", false);
        mv.visitVarInsn(ISTORE, gid);
        locals.declared(gid);
        mv.visitVarInsn(ILOAD, gid);
        field("rows", "I");
        int width = segments.get(0).width();
        if (perElement) {
            push(width);
            mv.visitInsn(IMUL);
        }
        Label skip = new Label();
        mv.visitJumpInsn(IF_ICMPGE, skip);
        if (perElement) {
            elementIndices(gid, width, skip);
        } else {
            row = gid;
        }
        loadBufferOffsets(segments.stream().flatMap(s -> s.nodes().stream()).toList(), skip);
        for (Segments.Segment s : segments) {
            if (perElement) {
                elementwiseBody(s, skip);
            } else if (s.elementwise()) {
                elementwiseLoop(s);
            } else {
                new VectorCode(this).write(nodes.get(s.nodes().get(0)), skip);
            }
        }
        mv.visitLabel(skip);
        mv.visitInsn(RETURN);
        mv.visitLabel(end);
        locals.emit();
        mv.visitMaxs(0, 0);
        mv.visitEnd();
    }

    /** row = gid / w; i = gid - row·w. */
    private void elementIndices(int gid, int width, Label scopeEnd) {
        row = locals.add("row", "I", scopeEnd);
        mv.visitVarInsn(ILOAD, gid);
        push(width);
        mv.visitInsn(IDIV);
        mv.visitVarInsn(ISTORE, row);
        locals.declared(row);
        element = locals.add("i", "I", scopeEnd);
        mv.visitVarInsn(ILOAD, gid);
        mv.visitVarInsn(ILOAD, row);
        push(width);
        mv.visitInsn(IMUL);
        mv.visitInsn(ISUB);
        mv.visitVarInsn(ISTORE, element);
        locals.declared(element);
    }

    /** Each buffer's start at this step, once per launch: bufBase[k] + t·bufStep[k]. */
    private void loadBufferOffsets(List<Integer> computed, Label scopeEnd) {
        for (int k : Segments.buffers(nodes, slots, computed)) {
            int local = locals.add("o" + k, "I", scopeEnd);
            field("bufBase", "[I");
            push(k);
            mv.visitInsn(IALOAD);
            field("t", "I");
            field("bufStep", "[I");
            push(k);
            mv.visitInsn(IALOAD);
            mv.visitInsn(IMUL);
            mv.visitInsn(IADD);
            mv.visitVarInsn(ISTORE, local);
            locals.declared(local);
            bufferOffset.put(k, local);
        }
    }

    // ------------------------------------------------------------ elementwise runs

    /** for (int i = 0; i < w; i++) { the run's nodes at element i }. */
    private void elementwiseLoop(Segments.Segment s) {
        if (live(s).isEmpty()) {
            return;
        }
        Label exit = new Label();
        Label bodyEnd = new Label();
        element = locals.add("i" + s.nodes().get(0), "I", exit);
        Loops.forUpTo(mv, locals, element, s.width(), bodyEnd, exit, () -> elementwiseBody(s, bodyEnd));
        // Past its loop a value is read from where it was stored.
        valueLocal.clear();
    }

    private void elementwiseBody(Segments.Segment s, Label scopeEnd) {
        for (int id : live(s)) {
            Node n = nodes.get(id);
            int local = locals.add("v" + id, "F", scopeEnd);
            new ElementCode(this).compute(n);
            mv.visitVarInsn(FSTORE, local);
            locals.declared(local);
            valueLocal.put(id, local);
            Slot slot = slots.apply(id);
            if (slot != null) {
                storeFrom(slot, !n.isScalar(), local);
            }
        }
    }

    /**
     * The run's nodes that are stored or read by a later node of the run. Aparapi's decompiler
     * fails on a loop whose body only computes a value nobody reads, so the rest is left out.
     */
    private List<Integer> live(Segments.Segment s) {
        Set<Integer> needed = new HashSet<>();
        List<Integer> ids = s.nodes();
        for (int k = ids.size() - 1; k >= 0; k--) {
            int id = ids.get(k);
            if (slots.apply(id) != null || needed.contains(id)) {
                needed.add(id);
                needed.addAll(nodes.get(id).inputs());
            }
        }
        return ids.stream().filter(needed::contains).toList();
    }

    // ------------------------------------------------------------ shared by the code writers

    MethodVisitor mv() {
        return mv;
    }

    LocalTable locals() {
        return locals;
    }

    List<Node> nodes() {
        return nodes;
    }

    Map<String, Integer> sizes() {
        return sizes;
    }

    Slot slot(int id) {
        Slot s = slots.apply(id);
        if (s == null) {
            throw new IllegalStateException("node " + id + " (" + nodes.get(id).op() + ") is read outside its loop but has no storage");
        }
        return s;
    }

    /** Pushes a node's value at the current row (and element, for a vector). */
    void load(int id) {
        Node n = nodes.get(id);
        if (valueLocal.containsKey(id)) {
            mv.visitVarInsn(FLOAD, valueLocal.get(id));
        } else if (n.op() == Op.CONST) {
            mv.visitLdcInsn((float) n.value());
        } else if (n.op() == Op.SIZE) {
            mv.visitLdcInsn((float) n.offset().evaluate(sizes));
        } else if (n.op() == Op.BROADCAST) {
            load(n.in(0));
        } else {
            field("mem", "[F");
            index(slot(id), n.isScalar() ? -1 : element);
            mv.visitInsn(FALOAD);
        }
    }

    /** mem[slot at row, element] = local. */
    void storeFrom(Slot slot, boolean perElement, int local) {
        field("mem", "[F");
        index(slot, perElement ? element : -1);
        mv.visitVarInsn(FLOAD, local);
        mv.visitInsn(FASTORE);
    }

    /** Pushes the index of a slot's element at the current row, plus local {@code plus} (none when negative). */
    void index(Slot slot, int plus) {
        Bytecode.rowStart(mv, bufferOffset.get(slot.buffer()), row, slot);
        if (plus >= 0) {
            mv.visitVarInsn(ILOAD, plus);
            mv.visitInsn(IADD);
        }
    }

    /** Pushes this.name. */
    void field(String name, String desc) {
        mv.visitVarInsn(ALOAD, 0);
        mv.visitFieldInsn(GETFIELD, BASE, name, desc);
    }

    /** Calls a float function of the base class or a math function Aparapi maps to OpenCL's. */
    void call(String name, int arity, boolean mapped) {
        mv.visitMethodInsn(INVOKEVIRTUAL, mapped ? APARAPI_KERNEL : BASE, name, "(" + "F".repeat(arity) + ")F", false);
    }

    /** Pushes {@code this} before the arguments of a {@link #call}. */
    void self() {
        mv.visitVarInsn(ALOAD, 0);
    }

    void push(int v) {
        Bytecode.push(mv, v);
    }
}
