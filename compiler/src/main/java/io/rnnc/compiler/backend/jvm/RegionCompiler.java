package io.rnnc.compiler.backend.jvm;

import io.rnnc.compiler.ir.Node;
import io.rnnc.compiler.ir.Op;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
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
 * {@code Kernel} whose {@code run} loops over the batch rows and, for each row, calls in turn
 * the methods its segments are packed into ({@link CodeBudget}: methods small enough for both
 * JIT compilers). Each method computes, for one row, each run of same-width elementwise nodes
 * in a loop over the row's elements, keeping intermediate values in local variables and
 * storing only what others read. Sizes are constants in the code, so the JIT sees fixed trip
 * counts; a method called once a row, rather than looping over the rows itself, is compiled
 * once it has been called often, instead of again and again at each of its loops while it runs.
 *
 * <p>In float32, where vector lanes are available, each run is first a loop over whole vectors
 * ({@link LaneCode}) and then a scalar loop over the remaining
 * elements: the JIT does not vectorise the scalar loop itself, whose exp and tanh calls and
 * buffers of unknown aliasing defeat its auto-vectoriser.
 */
final class RegionCompiler implements Opcodes {
    private static final String FN = "io/rnnc/runtime/kernels/Fn";
    private static final String ROWS = "io/rnnc/runtime/kernels/Rows";
    /** Row sums a vector at a time, with the bits of {@code Rows.sum}, for 16, 8 or 4 lanes. */
    private static final String LANE_SUMS = "io/rnnc/runtime/kernels/LaneSums";
    /** The locals of a part method, {@code static partN(bufs, offs, row)}: its arguments, then the element counter. */
    private static final int BUFS = 0;
    private static final int OFFS = 1;
    private static final int ROW = 2;
    private static final int I = 3;
    private static final int FIRST_FREE = 4;

    private final List<Node> nodes;
    private final Map<String, Integer> sizes;
    private final boolean f64;
    private final IntFunction<Slot> slots;
    private final int lanes;
    private final Map<Integer, Integer> arrayLocal = new HashMap<>();
    private final Map<Integer, Integer> baseLocal = new HashMap<>();
    private final Map<Integer, Integer> valueLocal = new HashMap<>();
    private final Map<Integer, Integer> vectorLocal = new HashMap<>();
    /** The scalars an elementwise run reads from arrays, loaded before its loops, and their locals. */
    private final Map<Integer, Integer> scalarLocal = new HashMap<>();
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
        List<Segments.Segment> segments = Segments.split(region, nodes, sizes);
        Map<Segments.Segment, Integer> bytes = measure(className, segments);
        byte[] classFile = classFile(className, CodeBudget.pack(segments, bytes::get, CodeBudget.BYTES));
        CodeBudget.check(className, classFile);
        return classFile;
    }

    /**
     * The bytecode each segment adds to a method: its code as a method of its own, less that of
     * an empty method (a method holding several segments loads a buffer they share once, so
     * their sum is an upper bound).
     */
    private Map<Segments.Segment, Integer> measure(String className, List<Segments.Segment> segments) {
        List<List<Segments.Segment>> alone = new ArrayList<>();
        alone.add(List.of());
        segments.forEach(s -> alone.add(List.of(s)));
        List<Integer> lengths = List.copyOf(CodeBudget.codeLengths(classFile(className, alone)).values());
        int empty = lengths.get(2); // after <init> and run
        Map<Segments.Segment, Integer> bytes = new IdentityHashMap<>();
        for (int k = 0; k < segments.size(); k++) {
            bytes.put(segments.get(k), lengths.get(k + 3) - empty);
        }
        return bytes;
    }

    private byte[] classFile(String className, List<List<Segments.Segment>> parts) {
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
        run(cw, className, parts.size());
        for (int p = 0; p < parts.size(); p++) {
            part(cw, p, parts.get(p));
        }
        cw.visitEnd();
        return cw.toByteArray();
    }

    private String arrayDesc() {
        return f64 ? "[D" : "[F";
    }

    private String scalarDesc() {
        return f64 ? "D" : "F";
    }

    private String partDescriptor() {
        return "([" + arrayDesc() + "[II)V";
    }

    /** {@code run(bufs, offs, b0, b1)}: {@code for (row = b0; row < b1; row++) { part0(bufs, offs, row); part1(…); … }}. */
    private void run(ClassWriter cw, String className, int parts) {
        final int bufs = 1;
        final int offs = 2;
        final int b0 = 3;
        final int b1 = 4;
        MethodVisitor run = cw.visitMethod(ACC_PUBLIC, "run", "(Ljava/lang/Object;[III)V", null, null);
        run.visitCode();
        run.visitVarInsn(ALOAD, bufs);
        run.visitTypeInsn(CHECKCAST, "[" + arrayDesc());
        run.visitVarInsn(ASTORE, bufs);
        Label top = new Label();
        Label end = new Label();
        run.visitLabel(top);
        run.visitVarInsn(ILOAD, b0);
        run.visitVarInsn(ILOAD, b1);
        run.visitJumpInsn(IF_ICMPGE, end);
        for (int p = 0; p < parts; p++) {
            run.visitVarInsn(ALOAD, bufs);
            run.visitVarInsn(ALOAD, offs);
            run.visitVarInsn(ILOAD, b0);
            run.visitMethodInsn(INVOKESTATIC, className, "part" + p, partDescriptor(), false);
        }
        run.visitIincInsn(b0, 1);
        run.visitJumpInsn(GOTO, top);
        run.visitLabel(end);
        run.visitInsn(RETURN);
        run.visitMaxs(0, 0);
        run.visitEnd();
    }

    /** {@code static partN(bufs, offs, row)}: the segments' code for one row. */
    private void part(ClassWriter cw, int number, List<Segments.Segment> segments) {
        mv = cw.visitMethod(ACC_PRIVATE | ACC_STATIC, "part" + number, partDescriptor(), null, null);
        mv.visitCode();
        arrayLocal.clear();
        baseLocal.clear();
        valueLocal.clear();
        vectorLocal.clear();
        nextLocal = FIRST_FREE;
        laneCode = new LaneCode(mv, () -> nextLocal++);
        loadBuffers(segments.stream().flatMap(s -> s.nodes().stream()).toList());
        for (Segments.Segment s : segments) {
            if (s.elementwise()) {
                elementwiseLoop(s);
            } else {
                wholeVector(nodes.get(s.nodes().get(0)));
            }
        }
        mv.visitInsn(RETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
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
        hoistScalars(s);
        if (vectorEnd > 0) {
            vectorLoop(s, vectorEnd);
        }
        if (vectorEnd < s.width()) {
            scalarLoop(s, vectorEnd);
        }
        segment = Set.of();
        scalarLocal.clear();
    }

    /**
     * Loads the scalars the run reads from arrays (a mean, a norm) into locals before its loops:
     * inside a loop the JIT would load them again at every iteration, as a store to any float
     * array there might have changed them. (Their vectors are made in the loop, where the JIT
     * hoists them: a vector kept in a local across the loop is allocated, as the loop's
     * safepoint records it.)
     */
    private void hoistScalars(Segments.Segment s) {
        for (int id : s.nodes()) {
            for (int in : nodes.get(id).inputs()) {
                int scalar = nodes.get(in).op() == Op.BROADCAST ? nodes.get(in).in(0) : in;
                Node n = nodes.get(scalar);
                if (!n.isScalar() || segment.contains(scalar) || scalarLocal.containsKey(scalar) || n.op() == Op.CONST
                        || n.op() == Op.SIZE) {
                    continue;
                }
                load(scalar);
                int local = nextLocal;
                nextLocal += f64 ? 2 : 1;
                mv.visitVarInsn(f64 ? DSTORE : FSTORE, local);
                scalarLocal.put(scalar, local);
            }
        }
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
        } else if (scalarLocal.containsKey(id)) {
            mv.visitVarInsn(f64 ? DLOAD : FLOAD, scalarLocal.get(id));
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
        boolean vectorSum = name.equals("sum") && (lanes == 16 || lanes == 8 || lanes == 4);
        mv.visitMethodInsn(INVOKESTATIC, vectorSum ? LANE_SUMS : ROWS, vectorSum ? "sum" + lanes : name,
                "(" + arrayDesc() + "II)" + scalarDesc(), false);
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
                // Arrays.fill(array, from, from + w, value): code of one size at any width.
                rowArgs(out.shifted(at));
                rowStart(out.shifted(at + w));
                load(p.op() == Op.BROADCAST ? p.in(0) : part);
                mv.visitMethodInsn(INVOKESTATIC, "java/util/Arrays", "fill", "(" + arrayDesc() + "II" + scalarDesc() + ")V",
                        false);
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
