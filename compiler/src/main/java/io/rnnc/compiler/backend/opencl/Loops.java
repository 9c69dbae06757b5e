package io.rnnc.compiler.backend.opencl;

import io.rnnc.compiler.backend.jvm.Bytecode;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/** Loops in the shape javac writes them, which Aparapi's decompiler expects. */
final class Loops implements Opcodes {
    private Loops() {
    }

    /**
     * {@code for (int var = 0; var < limit; var++) body}: the test at the top, the increment
     * after {@code bodyEnd}, a jump back, and {@code exit} placed after the loop.
     */
    static void forUpTo(MethodVisitor mv, LocalTable locals, int var, int limit, Label bodyEnd, Label exit,
                        Runnable body) {
        mv.visitInsn(ICONST_0);
        mv.visitVarInsn(ISTORE, var);
        locals.declared(var);
        Label test = new Label();
        mv.visitLabel(test);
        mv.visitVarInsn(ILOAD, var);
        Bytecode.push(mv, limit);
        mv.visitJumpInsn(IF_ICMPGE, exit);
        body.run();
        mv.visitLabel(bodyEnd);
        mv.visitIincInsn(var, 1);
        mv.visitJumpInsn(GOTO, test);
        mv.visitLabel(exit);
    }
}
