package io.rnnc.compiler.backend.opencl;

import io.rnnc.compiler.backend.jvm.Segments;
import io.rnnc.compiler.backend.jvm.Slot;
import io.rnnc.compiler.ir.Node;
import io.rnnc.compiler.ir.Op;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * The code of one whole-vector node for the current row (reductions, softmax, concatenation,
 * copies), as loops over the row in the region's method; each loop has its own counter so that
 * every OpenCL declaration stays in scope.
 */
final class VectorCode implements Opcodes {
    private final RegionMethodWriter w;
    private final MethodVisitor mv;
    private Label scopeEnd;

    VectorCode(RegionMethodWriter w) {
        this.w = w;
        this.mv = w.mv();
    }

    /** Writes {@code n}; locals declared here live until {@code scopeEnd}. */
    void write(Node n, Label scopeEnd) {
        this.scopeEnd = scopeEnd;
        Slot out = w.slot(n.id());
        switch (n.op()) {
            case SUM, MEAN, REDUCE_MAX, REDUCE_MIN -> reduction(n, out);
            case SOFTMAX -> softmax(n, out);
            case CONCAT -> concat(n, out);
            case SLICE -> copy(w.slot(n.in(0)).shifted(n.offset().evaluate(w.sizes())), out,
                    Segments.width(n, w.sizes()));
            default -> throw new IllegalStateException("no OpenCL code for " + n.op() + " in a region");
        }
    }

    private void reduction(Node n, Slot out) {
        Slot in = w.slot(n.in(0));
        int width = Segments.width(w.nodes().get(n.in(0)), w.sizes());
        boolean sum = n.op() == Op.SUM || n.op() == Op.MEAN;
        int acc = w.locals().add("acc" + n.id(), "F", scopeEnd);
        if (sum) {
            mv.visitInsn(FCONST_0);
        } else {
            loadAt(in, -1);
        }
        mv.visitVarInsn(FSTORE, acc);
        w.locals().declared(acc);
        loop("j" + n.id(), width, j -> {
            if (!sum) {
                w.self();
            }
            mv.visitVarInsn(FLOAD, acc);
            loadAt(in, j);
            if (sum) {
                mv.visitInsn(FADD);
            } else {
                w.call(n.op() == Op.REDUCE_MAX ? "max" : "min", 2, true);
            }
            mv.visitVarInsn(FSTORE, acc);
        });
        w.field("mem", "[F");
        w.index(out, -1);
        mv.visitVarInsn(FLOAD, acc);
        if (n.op() == Op.MEAN) {
            mv.visitLdcInsn((float) width);
            mv.visitInsn(FDIV);
        }
        mv.visitInsn(FASTORE);
    }

    /** The maximum is subtracted before exp, as the JVM backend does. */
    private void softmax(Node n, Slot out) {
        Slot in = w.slot(n.in(0));
        int width = Segments.width(n, w.sizes());
        int max = w.locals().add("max" + n.id(), "F", scopeEnd);
        loadAt(in, -1);
        mv.visitVarInsn(FSTORE, max);
        w.locals().declared(max);
        loop("j" + n.id(), width, j -> {
            w.self();
            mv.visitVarInsn(FLOAD, max);
            loadAt(in, j);
            w.call("max", 2, true);
            mv.visitVarInsn(FSTORE, max);
        });
        int sum = w.locals().add("sum" + n.id(), "F", scopeEnd);
        mv.visitInsn(FCONST_0);
        mv.visitVarInsn(FSTORE, sum);
        w.locals().declared(sum);
        loop("k" + n.id(), width, k -> {
            w.field("mem", "[F");
            w.index(out, k);
            w.self();
            loadAt(in, k);
            mv.visitVarInsn(FLOAD, max);
            mv.visitInsn(FSUB);
            w.call("exp", 1, true);
            mv.visitInsn(FASTORE);
            mv.visitVarInsn(FLOAD, sum);
            loadAt(out, k);
            mv.visitInsn(FADD);
            mv.visitVarInsn(FSTORE, sum);
        });
        loop("m" + n.id(), width, m -> {
            w.field("mem", "[F");
            w.index(out, m);
            loadAt(out, m);
            mv.visitVarInsn(FLOAD, sum);
            mv.visitInsn(FDIV);
            mv.visitInsn(FASTORE);
        });
    }

    private void concat(Node n, Slot out) {
        int at = 0;
        for (int part : n.inputs()) {
            Node p = w.nodes().get(part);
            int width = Segments.width(p, w.sizes());
            if (p.op() == Op.CONST || p.op() == Op.SIZE || p.op() == Op.BROADCAST) {
                Slot to = out.shifted(at);
                loop("c", width, j -> {
                    w.field("mem", "[F");
                    w.index(to, j);
                    w.load(p.op() == Op.BROADCAST ? p.in(0) : part);
                    mv.visitInsn(FASTORE);
                });
            } else {
                copy(w.slot(part), out.shifted(at), width);
            }
            at += width;
        }
    }

    private void copy(Slot from, Slot to, int width) {
        loop("c", width, j -> {
            w.field("mem", "[F");
            w.index(to, j);
            loadAt(from, j);
            mv.visitInsn(FASTORE);
        });
    }

    /** Pushes mem[slot at the row, plus local {@code j} unless negative]. */
    private void loadAt(Slot slot, int j) {
        w.field("mem", "[F");
        w.index(slot, j);
        mv.visitInsn(FALOAD);
    }

    private interface Body {
        void at(int counter);
    }

    private void loop(String name, int width, Body body) {
        Label exit = new Label();
        Label bodyEnd = new Label();
        int counter = w.locals().add(name, "I", exit);
        Loops.forUpTo(mv, w.locals(), counter, width, bodyEnd, exit, () -> body.at(counter));
    }
}
