package io.rnnc.compiler.backend.opencl;

import io.rnnc.compiler.backend.jvm.Bytecode;
import java.util.List;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Writes the class file of a layer's kernel: a subclass of {@link LayerKernel} with one method
 * per fused region ({@code r0}, {@code r1}, …) and a {@code run} that calls the one named by
 * {@code pass}, or the fixed passes for negative values.
 */
final class KernelClassWriter implements Opcodes {
    private KernelClassWriter() {
    }

    /**
     * The class file of {@code className} (internal form).
     *
     * @param regions the node ids of each region, in pass order
     * @param writer writes each region's method
     */
    static byte[] write(String className, List<List<Integer>> regions, RegionMethodWriter writer) {
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_FRAMES | ClassWriter.COMPUTE_MAXS);
        cw.visit(V1_8, ACC_PUBLIC | ACC_FINAL | ACC_SUPER, className, null, RegionMethodWriter.BASE, null);
        constructor(cw);
        run(cw, className, regions.size());
        for (int r = 0; r < regions.size(); r++) {
            writer.write(cw, className, "r" + r, regions.get(r));
        }
        cw.visitEnd();
        return cw.toByteArray();
    }

    private static void constructor(ClassWriter cw) {
        MethodVisitor init = cw.visitMethod(ACC_PUBLIC, "<init>", "()V", null, null);
        init.visitCode();
        init.visitVarInsn(ALOAD, 0);
        init.visitMethodInsn(INVOKESPECIAL, RegionMethodWriter.BASE, "<init>", "()V", false);
        init.visitInsn(RETURN);
        init.visitMaxs(0, 0);
        init.visitEnd();
    }

    /** if (pass < 0) fixedPass(); if (pass == 0) r0(); if (pass == 1) r1(); … */
    private static void run(ClassWriter cw, String className, int regions) {
        MethodVisitor mv = cw.visitMethod(ACC_PUBLIC, "run", "()V", null, null);
        mv.visitCode();
        Label start = new Label();
        mv.visitLabel(start);
        Label notFixed = new Label();
        pass(mv);
        mv.visitJumpInsn(IFGE, notFixed);
        call(mv, RegionMethodWriter.BASE, "fixedPass");
        mv.visitLabel(notFixed);
        for (int r = 0; r < regions; r++) {
            Label next = new Label();
            pass(mv);
            Bytecode.push(mv, r);
            mv.visitJumpInsn(IF_ICMPNE, next);
            call(mv, className, "r" + r);
            mv.visitLabel(next);
        }
        returnDeclaringThis(mv, className, start);
    }

    /**
     * Ends a method of the kernel class begun at {@code start} with a return and a
     * LocalVariableTable naming {@code this}: Aparapi warns about, and guesses, the locals of a
     * method without one.
     */
    static void returnDeclaringThis(MethodVisitor mv, String className, Label start) {
        mv.visitInsn(RETURN);
        Label end = new Label();
        mv.visitLabel(end);
        mv.visitLocalVariable("this", "L" + className + ";", null, start, end, 0);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
    }

    private static void pass(MethodVisitor mv) {
        mv.visitVarInsn(ALOAD, 0);
        mv.visitFieldInsn(GETFIELD, RegionMethodWriter.BASE, "pass", "I");
    }

    static void call(MethodVisitor mv, String owner, String name) {
        mv.visitVarInsn(ALOAD, 0);
        mv.visitMethodInsn(INVOKEVIRTUAL, owner, name, "()V", false);
    }
}
