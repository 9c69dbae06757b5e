package io.rnnc.runtime.tensor;

import io.rnnc.runtime.Remedy;
import io.rnnc.runtime.RnncException;
import java.util.Locale;

/**
 * Refuses, before allocating, what would not fit in the JVM's heap: sizes a user gives (a
 * hidden size of 10^9, a vocabulary of 10^8) would otherwise end in an OutOfMemoryError deep
 * inside an allocation, or in an int that wrapped round. The need is compared with the heap's
 * limit ({@code -Xmx}), not with what is free now, since the collector can free the rest.
 */
public final class HeapLimit {
    /** How a JVM is given more memory; the `java` launcher reads this variable, so `./rnnc` does too. */
    public static final String MORE_MEMORY = "JDK_JAVA_OPTIONS=-Xmx<size>";
    /** The advice that ends every refusal: a clause to follow "or". */
    public static final String MORE_MEMORY_ADVICE = "give Java more memory (" + MORE_MEMORY + ")";

    private HeapLimit() {
    }

    /** What does not fit: one sentence with the memory needed and the memory the JVM may use. */
    public static final class Exceeded extends RnncException {
        private final long needed;

        Exceeded(String problem, Remedy remedy, long needed) {
            super(problem, remedy);
            this.needed = needed;
        }

        /** Bytes needed. */
        public long needed() {
            return needed;
        }
    }

    /** The most heap this JVM may use, in bytes. */
    public static long heap() {
        return Runtime.getRuntime().maxMemory();
    }

    /**
     * Refuses {@code bytes} of memory for {@code what} where that is more than the heap can ever hold.
     *
     * @param bytes the memory needed, from {@link #multiply} and {@link #add} so that it cannot wrap round
     * @param what the arrays in a few words, as the subject of "needs" ("a hidden size of 1000000000")
     * @param hint what to change instead, a clause beginning with a verb ("use a smaller --hidden")
     * @throws Exceeded naming both amounts and {@link #MORE_MEMORY}
     */
    public static void require(long bytes, String what, String hint) {
        if (bytes > heap()) {
            throw new Exceeded(needs(bytes, what) + "; " + hint + ", or " + MORE_MEMORY_ADVICE, null, bytes);
        }
    }

    /**
     * As {@link #require(long, String, String)} where a setting of the API avoids the need.
     *
     * @param remedy the setting to change, whose advice ends with {@link #MORE_MEMORY_ADVICE}
     */
    public static void require(long bytes, String what, Remedy remedy) {
        if (bytes > heap()) {
            throw new Exceeded(needs(bytes, what), remedy, bytes);
        }
    }

    private static String needs(long bytes, String what) {
        return what + " needs " + (bytes == Long.MAX_VALUE ? "more than " : "") + format(bytes)
                + " of memory, and the JVM may use " + format(heap());
    }

    /** {@code a·b} for amounts of memory, {@link Long#MAX_VALUE} where it overflows. */
    public static long multiply(long a, long b) {
        try {
            return Math.multiplyExact(a, b);
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    /** {@code a+b} for amounts of memory, {@link Long#MAX_VALUE} where it overflows. */
    public static long add(long a, long b) {
        try {
            return Math.addExact(a, b);
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    /** A size in bytes for people: {@code 512 bytes}, {@code 3.1 MB}, {@code 7.5 GB}, {@code 8.0 EB}. */
    public static String format(long bytes) {
        String[] units = {"KB", "MB", "GB", "TB", "PB", "EB"};
        if (bytes < 1024) {
            return bytes + " bytes";
        }
        double v = bytes;
        int unit = -1;
        while (v >= 1024 && unit < units.length - 1) {
            v /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[unit]);
    }
}
