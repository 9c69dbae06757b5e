package io.rnnc.compiler.backend.opencl;

import io.rnnc.compiler.backend.jvm.Bytecode;
import io.rnnc.compiler.backend.jvm.Segments;
import io.rnnc.compiler.backend.jvm.Slot;
import io.rnnc.compiler.ir.Node;
import io.rnnc.compiler.ir.Op;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Writes one fused region as a method of the generated kernel class, in bytecode that Aparapi
 * translates to OpenCL C. A region that is one run of same-width elementwise nodes gets one
 * work-item per element of every row; any other region (reductions, softmax, concatenation,
 * runs of different widths) gets one work-item per row, looping over the row's elements.
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

    /** True when {@code region} runs one work-item per element: a single elementwise run. */
    boolean perElement(List<Integer> region) {
        List<Segments.Segment> segments = Segments.split(region, nodes, sizes);
        return segments.size() == 1 && segments.get(0).elementwise();
    }

    /** Work-items one launch of {@code region} needs for {@code rows} rows. */
    long workItems(List<Integer> region, int rows) {
        return perElement(region) ? (long) rows * Segments.split(region, nodes, sizes).get(0).width() : rows;
    }

    /** Adds the method {@code name()V} computing {@code region} to {@code cw}. */
    void write(ClassWriter cw, String name, List<Integer> region) {
        mv = cw.visitMethod(ACC_PUBLIC, name, "()V", null, null);
        mv.visitCode();
        locals = new LocalTable(mv);
        bufferOffset.clear();
        valueLocal.clear();
        Label end = new Label();
        List<Segments.Segment> segments = Segments.split(region, nodes, sizes);
        int gid = locals.add("gid", "I", end);
        mv.visitVarInsn(ALOAD, 0);
        mv.visitMethodInsn(INVOKEVIRTUAL, APARAPI_KERNEL, "getGlobalId", "()I", false);
        mv.visitVarInsn(ISTORE, gid);
        locals.declared(gid);
        mv.visitVarInsn(ILOAD, gid);
        field("rows", "I");
        boolean perElement = perElement(region);
        if (perElement) {
            push(segments.get(0).width());
            mv.visitInsn(IMUL);
        }
        Label skip = new Label();
        mv.visitJumpInsn(IF_ICMPGE, skip);
        if (perElement) {
            elementIndices(gid, segments.get(0).width(), skip);
        } else {
            row = gid;
        }
        loadBufferOffsets(region, skip);
        if (perElement) {
            elementwiseBody(segments.get(0), skip);
        } else {
            for (Segments.Segment s : segments) {
                if (s.elementwise()) {
                    elementwiseLoop(s);
                } else {
                    new VectorCode(this).write(nodes.get(s.nodes().get(0)), skip);
                }
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
    private void loadBufferOffsets(List<Integer> region, Label scopeEnd) {
        for (int k : Segments.buffers(nodes, slots, region)) {
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
