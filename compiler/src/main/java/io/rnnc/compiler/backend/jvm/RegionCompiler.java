package io.rnnc.compiler.backend.jvm;

import io.rnnc.compiler.ir.Node;
import io.rnnc.compiler.ir.Op;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Generates the bytecode of one fused region: a class implementing the runtime's
 * {@code Kernel} whose {@code run} loops over batch rows and,
 * inside each row, over the elements of each run of same-width elementwise nodes, keeping
 * intermediate values in local variables and storing only what others read. Sizes are
 * constants in the code, so the JIT sees fixed trip counts.
 *
 * <p>In float32, where vector lanes are available, each run is first a loop over whole vectors
 * ({@link LaneCode}) and then a scalar loop over the remaining
 * elements: the JIT does not vectorise the scalar loop itself, whose exp and tanh calls and
 * buffers of unknown aliasing defeat its auto-vectoriser.
 */
final class RegionCompiler implements Opcodes {
    private static final String FN = "io/rnnc/runtime/kernels/Fn";
    private static final String ROWS = "io/rnnc/runtime/kernels/Rows";
    private static final int BUFS = 1;
    private static final int OFFS = 2;
    private static final int B0 = 3;
    private static final int B1 = 4;
    private static final int ROW = 5;
    private static final int I = 6;
    private static final int FIRST_FREE = 7;

    private final List<Node> nodes;
    private final Map<String, Integer> sizes;
    private final boolean f64;
    private final IntFunction<Slot> slots;
    private final int lanes;
    private final Map<Integer, Integer> arrayLocal = new HashMap<>();
    private final Map<Integer, Integer> baseLocal = new HashMap<>();
    private final Map<Integer, Integer> valueLocal = new HashMap<>();
    private final Map<Integer, Integer> vectorLocal = new HashMap<>();
    private Set<Integer> segment = Set.of();
    private MethodVisitor mv;
    private LaneCode laneCode;
    private int nextLocal = FIRST_FREE;

    /**
     * @param nodes the graph
     * @param sizes values of the size variables
     * @param f64 float64 code when true, float32 otherwise
     * @param slots where each node is stored, or null for a node kept in a local only
     * @param lanes floats per vector for float32 vector loops, or 0 for scalar code only
     */
    RegionCompiler(List<Node> nodes, Map<String, Integer> sizes, boolean f64, IntFunction<Slot> slots, int lanes) {
        this.nodes = nodes;
        this.sizes = sizes;
        this.f64 = f64;
        this.slots = slots;
        this.lanes = f64 ? 0 : lanes;
    }

    /** The class file of a kernel computing {@code region}, named {@code className} (internal form). */
    byte[] compile(String className, List<Integer> region) {
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_FRAMES | ClassWriter.COMPUTE_MAXS);
        cw.visit(V17, ACC_PUBLIC | ACC_FINAL | ACC_SUPER, className, null, "java/lang/Object",
                new String[] {"io/rnnc/runtime/kernels/Kernel"});
        MethodVisitor init = cw.visitMethod(ACC_PUBLIC, "<init>", "()V", null, null);
        init.visitCode();
        init.visitVarInsn(ALOAD, 0);
        init.visitMethodInsn(INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false);
        init.visitInsn(RETURN);
        init.visitMaxs(0, 0);
        init.visitEnd();
        mv = cw.visitMethod(ACC_PUBLIC, "run", "(Ljava/lang/Object;[III)V", null, null);
        mv.visitCode();
        laneCode = new LaneCode(mv, () -> nextLocal++);
        mv.visitVarInsn(ALOAD, BUFS);
        mv.visitTypeInsn(CHECKCAST, "[" + arrayDesc());
        mv.visitVarInsn(ASTORE, BUFS);
        body(region);
        mv.visitInsn(RETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
        cw.visitEnd();
        return cw.toByteArray();
    }

    private String arrayDesc() {
        return f64 ? "[D" : "[F";
    }

    private String scalarDesc() {
        return f64 ? "D" : "F";
    }

    private void body(List<Integer> region) {
        loadBuffers(region);
        mv.visitVarInsn(ILOAD, B0);
        mv.visitVarInsn(ISTORE, ROW);
        Label top = new Label();
        Label end = new Label();
        mv.visitLabel(top);
        mv.visitVarInsn(ILOAD, ROW);
        mv.visitVarInsn(ILOAD, B1);
        mv.visitJumpInsn(IF_ICMPGE, end);
        for (Segments.Segment s : Segments.split(region, nodes, sizes)) {
            if (s.elementwise()) {
                elementwiseLoop(s);
            } else {
                wholeVector(nodes.get(s.nodes().get(0)));
            }
        }
        mv.visitIincInsn(ROW, 1);
        mv.visitJumpInsn(GOTO, top);
        mv.visitLabel(end);
    }

    /** Caches each buffer array and its step offset in locals, once per call. */
    private void loadBuffers(List<Integer> region) {
        for (int k : Segments.buffers(nodes, slots, region)) {
            int array = nextLocal++;
            int base = nextLocal++;
            mv.visitVarInsn(ALOAD, BUFS);
            push(k);
            mv.visitInsn(AALOAD);
            mv.visitVarInsn(ASTORE, array);
            mv.visitVarInsn(ALOAD, OFFS);
            push(k);
            mv.visitInsn(IALOAD);
            mv.visitVarInsn(ISTORE, base);
            arrayLocal.put(k, array);
            baseLocal.put(k, base);
        }
    }

    // ------------------------------------------------------------ elementwise runs

    private void elementwiseLoop(Segments.Segment s) {
        segment = new HashSet<>(s.nodes());
        int vectorEnd = lanes > 0 && s.nodes().stream().allMatch(this::hasVectorCode) ? s.width() - s.width() % lanes : 0;
        if (vectorEnd > 0) {
            vectorLoop(s, vectorEnd);
        }
        if (vectorEnd < s.width()) {
            scalarLoop(s, vectorEnd);
        }
        segment = Set.of();
    }

    private boolean hasVectorCode(int id) {
        Node n = nodes.get(id);
        return n.op().kind() != Op.Kind.UNARY || LaneCode.covers(n.op(), n.value());
    }

    /** Elements [0, end) of each node of the run, {@code lanes} at a time. */
    private void vectorLoop(Segments.Segment s, int end) {
        for (int id : s.nodes()) {
            vectorLocal.put(id, nextLocal++);
        }
        loop(0, end, lanes, () -> {
            for (int id : s.nodes()) {
                computeVector(nodes.get(id));
                mv.visitVarInsn(ASTORE, vectorLocal.get(id));
                Slot slot = slots.apply(id);
                if (slot != null) {
                    mv.visitVarInsn(ALOAD, vectorLocal.get(id));
                    index(slot, true);
                    laneCode.intoArray();
                }
            }
        });
    }

    /** Elements [from, width) of each node of the run, one at a time. */
    private void scalarLoop(Segments.Segment s, int from) {
        for (int id : s.nodes()) {
            valueLocal.put(id, nextLocal);
            nextLocal += f64 ? 2 : 1;
        }
        loop(from, s.width(), 1, () -> {
            for (int id : s.nodes()) {
                compute(nodes.get(id));
                mv.visitVarInsn(f64 ? DSTORE : FSTORE, valueLocal.get(id));
                Slot slot = slots.apply(id);
                if (slot != null) {
                    index(slot, !nodes.get(id).isScalar());
                    mv.visitVarInsn(f64 ? DLOAD : FLOAD, valueLocal.get(id));
                    mv.visitInsn(f64 ? DASTORE : FASTORE);
                }
            }
        });
    }

    /** {@code for (i = from; i < to; i += step) body}. */
    private void loop(int from, int to, int step, Runnable body) {
        push(from);
        mv.visitVarInsn(ISTORE, I);
        Label top = new Label();
        Label end = new Label();
        mv.visitLabel(top);
        mv.visitVarInsn(ILOAD, I);
        push(to);
        mv.visitJumpInsn(IF_ICMPGE, end);
        body.run();
        mv.visitIincInsn(I, step);
        mv.visitJumpInsn(GOTO, top);
        mv.visitLabel(end);
    }

    /** Pushes the value of an elementwise node at the current row and element. */
    private void compute(Node n) {
        switch (n.op().kind()) {
            case UNARY -> {
                load(n.in(0));
                unary(n);
            }
            case BINARY -> {
                load(n.in(0));
                load(n.in(1));
                binary(n.op());
            }
            default -> load(n.in(0)); // BROADCAST: the scalar, at every element
        }
    }

    private void unary(Node n) {
        switch (n.op()) {
            case NEG -> mv.visitInsn(f64 ? DNEG : FNEG);
            case POW -> {
                if (n.value() == 2) {
                    mv.visitInsn(f64 ? DUP2 : DUP);
                    mv.visitInsn(f64 ? DMUL : FMUL);
                } else {
                    constant(n.value());
                    callFn("pow", 2);
                }
            }
            default -> callFn(n.op().fnName(), 1);
        }
    }

    private void binary(Op op) {
        switch (op) {
            case ADD -> mv.visitInsn(f64 ? DADD : FADD);
            case SUB -> mv.visitInsn(f64 ? DSUB : FSUB);
            case MUL -> mv.visitInsn(f64 ? DMUL : FMUL);
            case DIV -> mv.visitInsn(f64 ? DDIV : FDIV);
            default -> callFn(op.fnName(), 2);
        }
    }

    private void callFn(String name, int arity) {
        String t = scalarDesc();
        mv.visitMethodInsn(INVOKESTATIC, FN, name, "(" + t.repeat(arity) + ")" + t, false);
    }

    /** Pushes the vector of an elementwise node's values at the current row and elements [i, i + lanes). */
    private void computeVector(Node n) {
        switch (n.op().kind()) {
            case UNARY -> {
                loadVector(n.in(0));
                laneCode.unary(n.op(), n.value());
            }
            case BINARY -> {
                loadVector(n.in(0));
                loadVector(n.in(1));
                laneCode.binary(n.op());
            }
            default -> loadVector(n.in(0)); // BROADCAST: the scalar, in every lane
        }
    }

    /** Pushes a node's values at the current row and elements [i, i + lanes); a scalar in every lane. */
    private void loadVector(int id) {
        Node n = nodes.get(id);
        if (segment.contains(id)) {
            mv.visitVarInsn(ALOAD, vectorLocal.get(id));
            return;
        }
        laneCode.species();
        if (n.isScalar() || n.op() == Op.CONST || n.op() == Op.SIZE || n.op() == Op.BROADCAST) {
            load(id);
            laneCode.broadcast();
        } else {
            index(storage(id), true);
            laneCode.fromArray();
        }
    }

    /** Pushes a node's value at the current row (and element, for a vector). */
    private void load(int id) {
        Node n = nodes.get(id);
        if (segment.contains(id)) {
            mv.visitVarInsn(f64 ? DLOAD : FLOAD, valueLocal.get(id));
        } else if (n.op() == Op.CONST) {
            constant(n.value());
        } else if (n.op() == Op.SIZE) {
            constant(n.offset().evaluate(sizes));
        } else if (n.op() == Op.BROADCAST) {
            load(n.in(0));
        } else {
            index(storage(id), !n.isScalar());
            mv.visitInsn(f64 ? DALOAD : FALOAD);
        }
    }

    /** Where a node read outside its own loop is stored. */
    private Slot storage(int id) {
        Slot slot = slots.apply(id);
        if (slot == null) {
            throw new IllegalStateException("node " + id + " (" + nodes.get(id).op() + ") is read outside its loop but has no storage");
        }
        return slot;
    }

    /** Pushes array and index of a slot's element at the current row (and element i). */
    private void index(Slot slot, boolean perElement) {
        mv.visitVarInsn(ALOAD, arrayLocal.get(slot.buffer()));
        rowStart(slot);
        if (perElement) {
            mv.visitVarInsn(ILOAD, I);
            mv.visitInsn(IADD);
        }
    }

    /** Pushes {@code offs[k] + b·stride + offset}. */
    private void rowStart(Slot slot) {
        Bytecode.rowStart(mv, baseLocal.get(slot.buffer()), ROW, slot);
    }

    private void constant(double v) {
        if (f64) {
            mv.visitLdcInsn(v);
        } else {
            mv.visitLdcInsn((float) v);
        }
    }

    private void push(int v) {
        Bytecode.push(mv, v);
    }

    // ------------------------------------------------------------ whole-vector nodes

    private void wholeVector(Node n) {
        Slot out = slots.apply(n.id());
        if (out == null) {
            // A value nothing reads (`μ = mean(z)` left unused, which check warns of) has no slot: skip it.
            return;
        }
        switch (n.op()) {
            case SUM, MEAN, REDUCE_MAX, REDUCE_MIN -> reduction(n, out);
            case SOFTMAX -> {
                Node in = nodes.get(n.in(0));
                rowArgs(slots.apply(in.id()));
                push(Segments.width(in, sizes));
                rowArgs(out);
                mv.visitMethodInsn(INVOKESTATIC, ROWS, "softmax", "(" + arrayDesc() + "II" + arrayDesc() + "I)V", false);
            }
            case CONCAT -> concat(n, out);
            case SLICE -> copy(slots.apply(n.in(0)).shifted(n.offset().evaluate(sizes)), out, Segments.width(n, sizes));
            default -> throw new IllegalStateException("no code for " + n.op() + " in a region");
        }
    }

    /** Pushes the array and the row's start index of a slot. */
    private void rowArgs(Slot slot) {
        mv.visitVarInsn(ALOAD, arrayLocal.get(slot.buffer()));
        rowStart(slot);
    }

    private void reduction(Node n, Slot out) {
        Node in = nodes.get(n.in(0));
        int w = Segments.width(in, sizes);
        mv.visitVarInsn(ALOAD, arrayLocal.get(out.buffer()));
        rowStart(out);
        rowArgs(slots.apply(in.id()));
        push(w);
        String name = switch (n.op()) {
            case REDUCE_MAX -> "max";
            case REDUCE_MIN -> "min";
            default -> "sum";
        };
        mv.visitMethodInsn(INVOKESTATIC, ROWS, name, "(" + arrayDesc() + "II)" + scalarDesc(), false);
        if (n.op() == Op.MEAN) {
            constant(w);
            mv.visitInsn(f64 ? DDIV : FDIV);
        }
        mv.visitInsn(f64 ? DASTORE : FASTORE);
    }

    private void concat(Node n, Slot out) {
        int at = 0;
        for (int part : n.inputs()) {
            Node p = nodes.get(part);
            int w = Segments.width(p, sizes);
            if (p.op() == Op.CONST || p.op() == Op.SIZE || p.op() == Op.BROADCAST) {
                for (int i = 0; i < w; i++) {
                    mv.visitVarInsn(ALOAD, arrayLocal.get(out.buffer()));
                    rowStart(out.shifted(at + i));
                    load(p.op() == Op.BROADCAST ? p.in(0) : part);
                    mv.visitInsn(f64 ? DASTORE : FASTORE);
                }
            } else {
                copy(slots.apply(part), out.shifted(at), w);
            }
            at += w;
        }
    }

    private void copy(Slot from, Slot to, int w) {
        rowArgs(from);
        rowArgs(to);
        push(w);
        mv.visitMethodInsn(INVOKESTATIC, "java/lang/System", "arraycopy", "(Ljava/lang/Object;ILjava/lang/Object;II)V", false);
    }
}
