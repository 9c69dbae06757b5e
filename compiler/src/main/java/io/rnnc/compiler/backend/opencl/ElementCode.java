package io.rnnc.compiler.backend.opencl;

import io.rnnc.compiler.ir.Node;
import io.rnnc.compiler.ir.Op;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * The float32 code of one elementwise node at the current row and element: arithmetic as
 * instructions, OpenCL's math functions through Aparapi's mapped methods, the rest through
 * the scalar helpers of {@link LayerKernel}.
 */
final class ElementCode implements Opcodes {
    private final RegionMethodWriter w;
    private final MethodVisitor mv;

    ElementCode(RegionMethodWriter w) {
        this.w = w;
        this.mv = w.mv();
    }

    /** Pushes the node's value. */
    void compute(Node n) {
        switch (n.op().kind()) {
            case UNARY -> unary(n);
            case BINARY -> binary(n);
            default -> w.load(n.in(0)); // BROADCAST: the scalar, at every element
        }
    }

    private void unary(Node n) {
        switch (n.op()) {
            case NEG -> {
                w.load(n.in(0));
                mv.visitInsn(FNEG);
            }
            case POW -> {
                if (n.value() == 2) {
                    w.load(n.in(0));
                    w.load(n.in(0));
                    mv.visitInsn(FMUL);
                } else {
                    w.self();
                    w.load(n.in(0));
                    mv.visitLdcInsn((float) n.value());
                    w.call("rnPow", 2, false);
                }
            }
            default -> {
                w.self();
                w.load(n.in(0));
                callUnary(n.op());
            }
        }
    }

    private void callUnary(Op op) {
        switch (op) {
            case TANH -> w.call("tanh", 1, true);
            case EXP -> w.call("exp", 1, true);
            case LOG -> w.call("log", 1, true);
            case SQRT -> w.call("sqrt", 1, true);
            case ABS -> w.call("abs", 1, true);
            case SIGMOID -> w.call("rnSigmoid", 1, false);
            case RELU -> w.call("rnRelu", 1, false);
            case LEAKY_RELU -> w.call("rnLeakyRelu", 1, false);
            case ELU -> w.call("rnElu", 1, false);
            case SOFTPLUS -> w.call("rnSoftplus", 1, false);
            case SOFTSIGN -> w.call("rnSoftsign", 1, false);
            case HARD_SIGMOID -> w.call("rnHardSigmoid", 1, false);
            case STEP -> w.call("rnStep", 1, false);
            case LEAKY_STEP -> w.call("rnLeakyStep", 1, false);
            case ELU_SLOPE -> w.call("rnEluSlope", 1, false);
            case HARD_SIGMOID_SLOPE -> w.call("rnHardSigmoidSlope", 1, false);
            case SIGN -> w.call("rnSign", 1, false);
            default -> throw new IllegalStateException("no OpenCL code for " + op);
        }
    }

    private void binary(Node n) {
        Op op = n.op();
        boolean call = op == Op.MIN || op == Op.MAX || op == Op.GE;
        if (call) {
            w.self();
        }
        w.load(n.in(0));
        w.load(n.in(1));
        switch (op) {
            case ADD -> mv.visitInsn(FADD);
            case SUB -> mv.visitInsn(FSUB);
            case MUL -> mv.visitInsn(FMUL);
            case DIV -> mv.visitInsn(FDIV);
            case MIN -> w.call("min", 2, true);
            case MAX -> w.call("max", 2, true);
            case GE -> w.call("rnGe", 2, false);
            default -> throw new IllegalStateException("no OpenCL code for " + op);
        }
    }
}
