package io.rnnc.compiler.backend.jvm;

import io.rnnc.compiler.ir.Node;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;
import java.util.function.ToIntFunction;
import org.objectweb.asm.ClassReader;

/**
 * How much generated code one method may hold, and the measure of it. HotSpot compiles a
 * generated kernel well only while its methods stay small: C2 does not compile a method of
 * more than 8,000 bytes of bytecode at all, C1 gives up on smaller ones ("out of virtual
 * registers") once the Vector API code it inlines passes its register count, and C2's time
 * grows faster than a method's size, so one large kernel can run interpreted for tens of
 * seconds. A fused region is therefore cut into methods of at most {@link #BYTES} bytes each.
 */
public final class CodeBudget {
    /**
     * The bytecode one generated method may hold: a third less than the shortest method C1 was
     * seen to refuse, {@link #C1_REFUSED}. (At this budget C1 and C2 compiled every method of
     * the layer-normalised LSTM and GRU, the LSTM, the GRU and a chain of forty gates; the README
     * has the measurements.)
     */
    public static final int BYTES = 2000;
    /**
     * The shortest generated method C1 was seen to refuse ("out of virtual registers"): a
     * layer-normalised GRU's backward kernel, 2,911 bytes. C1 inlines the Vector API's Java
     * code, so a method's vector operations, more than its bytes, use up its registers; it
     * compiled others of up to 2,530 bytes.
     */
    public static final int C1_REFUSED = 2911;
    /** HotSpot's HugeMethodLimit: no JIT compiles a longer method. */
    public static final int JIT_LIMIT = 8000;

    private CodeBudget() {
    }

    /**
     * An estimate of the bytecode one elementwise node adds to a loop, its vector and scalar code
     * together: its operation, the loads of its operands (a value in a local costs a few bytes
     * to read, one in an array about 45) and the store of its value where it is stored. Used to
     * cut long runs before their code exists; what is generated is measured afterwards.
     *
     * @param local whether an operand is a value of the same loop, in a local
     * @param stored whether the node's value is stored
     */
    public static int estimate(Node n, IntPredicate local, boolean stored) {
        int bytes = 15 + (stored ? 45 : 0);
        for (int in : n.inputs()) {
            bytes += local.test(in) ? 4 : 45;
        }
        return bytes + switch (n.op()) {
            case EXP, ELU_SLOPE -> 200;
            case SIGMOID -> 230;
            case TANH -> 360;
            case SOFTSIGN, HARD_SIGMOID, HARD_SIGMOID_SLOPE, SIGN, LEAKY_RELU, STEP, LEAKY_STEP, GE -> 40;
            default -> 0;
        };
    }

    /**
     * Consecutive items grouped so that each group's bytes add up to at most {@code budget}; an
     * item larger than the budget makes a group of its own.
     */
    public static <T> List<List<T>> pack(List<T> items, ToIntFunction<T> bytes, int budget) {
        List<List<T>> groups = new ArrayList<>();
        List<T> group = new ArrayList<>();
        int used = 0;
        for (T item : items) {
            int b = bytes.applyAsInt(item);
            if (!group.isEmpty() && used + b > budget) {
                groups.add(group);
                group = new ArrayList<>();
                used = 0;
            }
            group.add(item);
            used += b;
        }
        if (!group.isEmpty()) {
            groups.add(group);
        }
        return groups;
    }

    /** The bytecode length of each method of a class file, by name and descriptor, in order. */
    public static Map<String, Integer> codeLengths(byte[] classFile) {
        ClassReader r = new ClassReader(classFile);
        char[] buf = new char[r.getMaxStringLength()];
        int at = r.header + 6;
        at += 2 + 2 * r.readUnsignedShort(at); // interfaces
        int fields = r.readUnsignedShort(at);
        at += 2;
        for (int f = 0; f < fields; f++) {
            at = skipMember(r, at);
        }
        Map<String, Integer> lengths = new LinkedHashMap<>();
        int methods = r.readUnsignedShort(at);
        at += 2;
        for (int m = 0; m < methods; m++) {
            String name = r.readUTF8(at + 2, buf) + r.readUTF8(at + 4, buf);
            int attributes = r.readUnsignedShort(at + 6);
            int a = at + 8;
            for (int k = 0; k < attributes; k++) {
                if (r.readUTF8(a, buf).equals("Code")) {
                    lengths.put(name, r.readInt(a + 10));
                }
                a += 6 + r.readInt(a + 2);
            }
            at = a;
        }
        return lengths;
    }

    /** The offset after a field or method_info starting at {@code at}. */
    private static int skipMember(ClassReader r, int at) {
        int attributes = r.readUnsignedShort(at + 6);
        int a = at + 8;
        for (int k = 0; k < attributes; k++) {
            a += 6 + r.readInt(a + 2);
        }
        return a;
    }

    /**
     * Throws when a method of a generated class is longer than the JIT compiles: the estimate
     * that cut its runs was wrong, a bug.
     */
    public static void check(String className, byte[] classFile) {
        codeLengths(classFile).forEach((method, length) -> {
            if (length > JIT_LIMIT) {
                throw new IllegalStateException("generated method " + className + "." + method + " has " + length
                        + " bytes of bytecode, more than the JIT compiles (" + JIT_LIMIT + ")");
            }
        });
    }
}
