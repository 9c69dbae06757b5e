package io.rnnc.compiler.backend.jvm;

import io.rnnc.compiler.ir.Op;
import io.rnnc.runtime.kernels.Fn;
import java.util.function.IntSupplier;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * The bytecode of each elementwise op on float32 vectors, through the JDK's incubating Vector
 * API ({@code FloatVector} of the processor's preferred width): the vector twin of the scalar
 * functions in the runtime's {@code Fn}, op by op. Every call is to the API itself, never to a
 * helper of ours: the API's methods are force-inlined by the JIT, which is what keeps a large
 * kernel's vectors in registers (a helper method would stop being inlined once the kernel
 * grows, and each of its calls would then build its vectors in memory).
 *
 * <p>exp, sigmoid and tanh repeat {@code Fn}'s float32 operations one by one, so every lane
 * gets the scalar function's bits, compiled or interpreted. The API's own transcendental
 * operators round differently in the two, so ops that would need them (log, elu, softplus, a
 * power other than 2) are left to the scalar loop: see {@link #covers}.
 */
final class LaneCode implements Opcodes {
    private static final String FV = "jdk/incubator/vector/FloatVector";
    private static final String VECTOR = "Ljdk/incubator/vector/Vector;";
    private static final String FLOAT_VECTOR = "L" + FV + ";";
    private static final String MASK = "Ljdk/incubator/vector/VectorMask;";
    private static final String OPERATORS = "jdk/incubator/vector/VectorOperators";

    private final MethodVisitor mv;
    private final IntSupplier newLocal;

    /**
     * @param mv where the code goes
     * @param newLocal allocates a local variable slot for a temporary vector
     */
    LaneCode(MethodVisitor mv, IntSupplier newLocal) {
        this.mv = mv;
        this.newLocal = newLocal;
    }

    /** Pushes the species; then push an array and an index and call {@link #fromArray()}, or a float and {@link #broadcast()}. */
    void species() {
        mv.visitFieldInsn(GETSTATIC, FV, "SPECIES_PREFERRED", "Ljdk/incubator/vector/VectorSpecies;");
    }

    /** [species, array, index] → [vector]. */
    void fromArray() {
        mv.visitMethodInsn(INVOKESTATIC, FV, "fromArray", "(Ljdk/incubator/vector/VectorSpecies;[FI)" + FLOAT_VECTOR, false);
    }

    /** [vector, array, index] → []. */
    void intoArray() {
        virtual("intoArray", "([FI)V");
    }

    /** [species, float] → [vector]. */
    void broadcast() {
        mv.visitMethodInsn(INVOKESTATIC, FV, "broadcast", "(Ljdk/incubator/vector/VectorSpecies;F)" + FLOAT_VECTOR, false);
    }

    /**
     * True when {@link #unary} has vector code for the op that gives the scalar code's bits in
     * every tier of the JIT ({@code k} is POW's exponent); binary ops always have.
     */
    static boolean covers(Op op, double k) {
        return switch (op) {
            case LOG, ELU, SOFTPLUS -> false;
            case POW -> k == 2;
            default -> true;
        };
    }

    /** [x] → [op(x)]; {@code k} is POW's exponent. Only for ops it {@link #covers}. */
    void unary(Op op, double k) {
        switch (op) {
            case NEG -> virtual("neg", "()" + FLOAT_VECTOR);
            case ABS -> virtual("abs", "()" + FLOAT_VECTOR);
            case EXP -> exp();
            case SQRT -> lanewise("SQRT");
            case TANH -> tanh();
            case SIGMOID -> sigmoid();
            case RELU -> withScalar("max", 0);
            case LEAKY_RELU -> {
                mv.visitInsn(DUP);
                withScalar("mul", (float) Fn.LEAKY_SLOPE);
                withVector("max");
            }
            case SOFTSIGN -> {
                mv.visitInsn(DUP);
                virtual("abs", "()" + FLOAT_VECTOR);
                withScalar("add", 1);
                withVector("div");
            }
            case HARD_SIGMOID -> {
                withScalar("div", 6);
                withScalar("add", 0.5f);
                withScalar("max", 0);
                withScalar("min", 1);
            }
            case POW -> square(k);
            case STEP -> choose(0, 1, "GT", 0);
            case LEAKY_STEP -> choose((float) Fn.LEAKY_SLOPE, 1, "GT", 0);
            case ELU_SLOPE -> eluSlope();
            case HARD_SIGMOID_SLOPE -> hardSigmoidSlope();
            case SIGN -> sign();
            default -> throw new IllegalStateException("no vector code for " + op);
        }
    }

    /** [a, b] → [op(a, b)]. */
    void binary(Op op) {
        switch (op) {
            case ADD -> withVector("add");
            case SUB -> withVector("sub");
            case MUL -> withVector("mul");
            case DIV -> withVector("div");
            case MIN -> withVector("min");
            case MAX -> withVector("max");
            case GE -> {
                compare("GE");
                int mask = newLocal.getAsInt();
                mv.visitVarInsn(ASTORE, mask);
                splat(0);
                mv.visitLdcInsn(1f);
                mv.visitVarInsn(ALOAD, mask);
                blendScalar();
            }
            default -> throw new IllegalStateException("no vector code for " + op);
        }
    }

    /** 1 / (1 + e^−x). */
    private void sigmoid() {
        virtual("neg", "()" + FLOAT_VECTOR);
        exp();
        withScalar("add", 1);
        int denominator = stash();
        splat(1);
        mv.visitVarInsn(ALOAD, denominator);
        withVector("div");
    }

    private void square(double k) {
        if (k != 2) {
            throw new IllegalStateException("no vector code for a power of " + k);
        }
        mv.visitInsn(DUP);
        withVector("mul");
    }

    /** e^x as {@code Fn.exp(float)}, operation for operation. */
    private void exp() {
        int x = stash();
        mv.visitVarInsn(ALOAD, x);
        withScalar("max", Fn.EXP_LOW);
        withScalar("min", Fn.EXP_HIGH);
        int c = stash();
        mv.visitVarInsn(ALOAD, c);
        withScalar("mul", Fn.LOG2E);
        withScalar("add", Fn.ROUND);
        int rounded = stash();
        mv.visitVarInsn(ALOAD, rounded);
        withScalar("sub", Fn.ROUND);
        int k = stash();
        mv.visitVarInsn(ALOAD, c);
        mv.visitVarInsn(ALOAD, k);
        withScalar("mul", Fn.LN2_HIGH);
        withVector("sub");
        mv.visitVarInsn(ALOAD, k);
        withScalar("mul", Fn.LN2_LOW);
        withVector("sub");
        int r = stash();
        mv.visitVarInsn(ALOAD, r);
        withScalar("mul", Fn.EXP_P5);
        for (float coefficient : new float[] {Fn.EXP_P4, Fn.EXP_P3, Fn.EXP_P2, Fn.EXP_P1}) {
            withScalar("add", coefficient);
            mv.visitVarInsn(ALOAD, r);
            withVector("mul");
        }
        withScalar("add", Fn.EXP_P0);
        mv.visitVarInsn(ALOAD, r);
        mv.visitVarInsn(ALOAD, r);
        withVector("mul");
        withVector("mul");
        mv.visitVarInsn(ALOAD, r);
        withVector("add");
        withScalar("add", 1);
        scaleByPowerOfTwo(rounded);
        mv.visitLdcInsn(0f);
        mv.visitVarInsn(ALOAD, x);
        compareScalar("LT", Fn.EXP_LOW);
        blendScalar();
        mv.visitLdcInsn(Float.POSITIVE_INFINITY);
        mv.visitVarInsn(ALOAD, x);
        compareScalar("GT", Fn.EXP_HIGH);
        blendScalar();
    }

    /**
     * [y] → [y · 2^k], where local {@code rounded} holds {@code ROUND + k}: k sits in its low
     * mantissa bits, and shifted to the exponent bits it is added to y's. (The JIT has no
     * vector instruction for the float-to-int conversion, and its fallback allocates.)
     */
    private void scaleByPowerOfTwo(int rounded) {
        String intVector = "jdk/incubator/vector/IntVector";
        virtual("reinterpretAsInts", "()L" + intVector + ";");
        mv.visitVarInsn(ALOAD, rounded);
        virtual("reinterpretAsInts", "()L" + intVector + ";");
        mv.visitFieldInsn(GETSTATIC, OPERATORS, "LSHL", "L" + OPERATORS + "$Binary;");
        mv.visitIntInsn(BIPUSH, 23);
        mv.visitMethodInsn(INVOKEVIRTUAL, intVector, "lanewise", "(L" + OPERATORS + "$Binary;I)L" + intVector + ";",
                false);
        mv.visitMethodInsn(INVOKEVIRTUAL, intVector, "add", "(" + VECTOR + ")L" + intVector + ";", false);
        mv.visitMethodInsn(INVOKEVIRTUAL, intVector, "reinterpretAsFloats", "()" + FLOAT_VECTOR, false);
    }

    /** tanh as {@code Fn.tanh(float)}: its Taylor series near 0, else ±(1 − e)/(1 + e) with e = e^−2|x|. */
    private void tanh() {
        int x = stash();
        mv.visitVarInsn(ALOAD, x);
        virtual("abs", "()" + FLOAT_VECTOR);
        int a = stash();
        mv.visitVarInsn(ALOAD, a);
        withScalar("mul", -2f);
        exp();
        int e = stash();
        splat(1);
        mv.visitVarInsn(ALOAD, e);
        withVector("sub");
        mv.visitVarInsn(ALOAD, e);
        withScalar("add", 1);
        withVector("div");
        int far = stash();
        mv.visitVarInsn(ALOAD, far);
        mv.visitVarInsn(ALOAD, far);
        virtual("neg", "()" + FLOAT_VECTOR);
        mv.visitVarInsn(ALOAD, x);
        compareScalar("LT", 0);
        virtual("blend", "(" + VECTOR + MASK + ")" + FLOAT_VECTOR);
        mv.visitVarInsn(ALOAD, x);
        mv.visitVarInsn(ALOAD, x);
        withVector("mul");
        int x2 = stash();
        mv.visitVarInsn(ALOAD, x2);
        withScalar("mul", Fn.TANH_C3);
        withScalar("add", Fn.TANH_C2);
        mv.visitVarInsn(ALOAD, x2);
        withVector("mul");
        withScalar("add", Fn.TANH_C1);
        mv.visitVarInsn(ALOAD, x2);
        withVector("mul");
        withScalar("add", 1);
        mv.visitVarInsn(ALOAD, x);
        withVector("mul");
        mv.visitVarInsn(ALOAD, a);
        compareScalar("LT", Fn.TANH_NEAR);
        virtual("blend", "(" + VECTOR + MASK + ")" + FLOAT_VECTOR);
    }

    /** 1 above 0, else e^x. */
    private void eluSlope() {
        int x = stash();
        mv.visitVarInsn(ALOAD, x);
        exp();
        mv.visitLdcInsn(1f);
        mv.visitVarInsn(ALOAD, x);
        compareScalar("GT", 0);
        blendScalar();
    }

    /** 1/6 strictly between −3 and 3, else 0. */
    private void hardSigmoidSlope() {
        int x = stash();
        splat(0);
        mv.visitLdcInsn(1f / 6);
        mv.visitVarInsn(ALOAD, x);
        compareScalar("GT", -3);
        mv.visitVarInsn(ALOAD, x);
        compareScalar("LT", 3);
        mv.visitMethodInsn(INVOKEVIRTUAL, "jdk/incubator/vector/VectorMask", "and", "(" + MASK + ")" + MASK, false);
        blendScalar();
    }

    /** 1 above 0, −1 below, and x itself (±0, NaN) otherwise, as Math.signum. */
    private void sign() {
        int x = stash();
        mv.visitVarInsn(ALOAD, x);
        mv.visitLdcInsn(1f);
        mv.visitVarInsn(ALOAD, x);
        compareScalar("GT", 0);
        blendScalar();
        mv.visitLdcInsn(-1f);
        mv.visitVarInsn(ALOAD, x);
        compareScalar("LT", 0);
        blendScalar();
    }

    /** [x] → [x COMPARISON at ? yes : no]. */
    private void choose(float no, float yes, String comparison, float at) {
        int x = stash();
        splat(no);
        mv.visitLdcInsn(yes);
        mv.visitVarInsn(ALOAD, x);
        compareScalar(comparison, at);
        blendScalar();
    }

    /** Stores the vector on top of the stack in a new local and returns the local. */
    private int stash() {
        int local = newLocal.getAsInt();
        mv.visitVarInsn(ASTORE, local);
        return local;
    }

    /** Pushes a vector with {@code v} in every lane. */
    private void splat(float v) {
        species();
        mv.visitLdcInsn(v);
        broadcast();
    }

    private void lanewise(String operator) {
        mv.visitFieldInsn(GETSTATIC, OPERATORS, operator, "L" + OPERATORS + "$Unary;");
        virtual("lanewise", "(L" + OPERATORS + "$Unary;)" + FLOAT_VECTOR);
    }

    /** [x] → [x COMPARISON v] as a mask. */
    private void compareScalar(String comparison, float v) {
        mv.visitFieldInsn(GETSTATIC, OPERATORS, comparison, "L" + OPERATORS + "$Comparison;");
        mv.visitLdcInsn(v);
        virtual("compare", "(L" + OPERATORS + "$Comparison;F)" + MASK);
    }

    /** [a, b] → [a COMPARISON b] as a mask. */
    private void compare(String comparison) {
        int b = newLocal.getAsInt();
        mv.visitVarInsn(ASTORE, b);
        mv.visitFieldInsn(GETSTATIC, OPERATORS, comparison, "L" + OPERATORS + "$Comparison;");
        mv.visitVarInsn(ALOAD, b);
        virtual("compare", "(L" + OPERATORS + "$Comparison;" + VECTOR + ")" + MASK);
    }

    /** [v, float, mask] → [v with the float where the mask is set]. */
    private void blendScalar() {
        virtual("blend", "(F" + MASK + ")" + FLOAT_VECTOR);
    }

    private void withScalar(String method, float v) {
        mv.visitLdcInsn(v);
        virtual(method, "(F)" + FLOAT_VECTOR);
    }

    private void withVector(String method) {
        virtual(method, "(" + VECTOR + ")" + FLOAT_VECTOR);
    }

    private void virtual(String method, String descriptor) {
        mv.visitMethodInsn(INVOKEVIRTUAL, FV, method, descriptor, false);
    }
}
