package io.rnnc.compiler.backend.jvm;

import static org.objectweb.asm.Opcodes.BIPUSH;
import static org.objectweb.asm.Opcodes.IADD;
import static org.objectweb.asm.Opcodes.ICONST_0;
import static org.objectweb.asm.Opcodes.ILOAD;
import static org.objectweb.asm.Opcodes.IMUL;
import static org.objectweb.asm.Opcodes.SIPUSH;

import org.objectweb.asm.MethodVisitor;

/** Bytecode both code generators (the JVM kernels and the OpenCL kernel classes) emit alike. */
public final class Bytecode {
    private Bytecode() {
    }

    /** Pushes an int constant with the shortest instruction. */
    public static void push(MethodVisitor mv, int v) {
        if (v >= -1 && v <= 5) {
            mv.visitInsn(ICONST_0 + v);
        } else if (v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE) {
            mv.visitIntInsn(BIPUSH, v);
        } else if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) {
            mv.visitIntInsn(SIPUSH, v);
        } else {
            mv.visitLdcInsn(v);
        }
    }

    /** Pushes where a slot's row starts: local {@code base} (the buffer's offset) + local {@code row}·stride + offset. */
    public static void rowStart(MethodVisitor mv, int base, int row, Slot slot) {
        mv.visitVarInsn(ILOAD, base);
        if (slot.stride() != 0) {
            mv.visitVarInsn(ILOAD, row);
            push(mv, slot.stride());
            mv.visitInsn(IMUL);
            mv.visitInsn(IADD);
        }
        if (slot.offset() != 0) {
            push(mv, slot.offset());
            mv.visitInsn(IADD);
        }
    }
}
