package io.rnnc.runtime.blas;

/**
 * How a product C[m×n] = A[m×k]·B[k×n] is cut into parts that run on different threads: by
 * rows of C or by columns, into slabs of {@link #size} (the last one shorter), each one BLAS
 * call. The cut depends on the shape alone, never on the thread count: OpenBLAS computes an
 * element differently in calls of different shapes (a part of one row or column goes through
 * its matrix-vector code, a small part through its small-matrix kernel, and those sum in
 * another order; which calls do is its choice, by processor), so the parts are the same calls
 * on one thread or sixty-four, and so is every element's value. Where no thread is free the
 * caller runs the parts in turn.
 *
 * <p>A part costs what one call costs beyond its arithmetic: about 2.4 µs (a 1×1×1 product
 * through the pinned binding) and the repacking of the operand that all parts share (A for
 * column parts, B for row parts). So C is cut along the side whose shared operand is smaller,
 * and a part has at least {@link #MIN_FLOPS} operations, about 100 µs of work, and at least
 * {@link #MIN_EXTENT} rows or columns. Measured on one core (OpenBLAS 0.3.31, AMD EPYC),
 * cutting [64,256]·[256,1024] into column parts of 256, 128 and 64 cost 3.9%, 6.1% and 9.7%
 * more than one call; [64,1024]·[1024,256] 0.2%, 2.8% and 7.7%; [64,512]·[512,2048] 0.9%,
 * 1.4% and 6.2%; cutting a step's product by rows instead (which repacks the weights) cost 20%
 * for two parts. The more cores, the more parts pay, but the cut must be the same for all.
 *
 * @param byRows whether the parts are slabs of rows of C (else of columns)
 * @param extent the rows (or columns) of C
 * @param size rows (or columns) per part
 * @param count the number of parts
 */
public record GemmParts(boolean byRows, int extent, int size, int count) {
    /** Rows or columns a part has at least. */
    static final int MIN_EXTENT = 128;
    /** Floating-point operations a part has at least: its call's own cost stays a few percent of it. */
    static final long MIN_FLOPS = 8_000_000;
    /** Parts are whole multiples of this many rows or columns (a vector register of floats). */
    static final int ALIGN = 16;

    /** The parts of C[m×n] = A[m×k]·B[k×n]. */
    public static GemmParts of(int m, int n, int k) {
        boolean byRows = m > n;
        int extent = byRows ? m : n;
        long flops = 2L * m * n * k;
        long wanted = Math.min(extent / MIN_EXTENT, flops / MIN_FLOPS);
        if (wanted <= 1) {
            return new GemmParts(byRows, extent, extent, 1);
        }
        int size = ceilDiv(ceilDiv(extent, (int) wanted), ALIGN) * ALIGN;
        return new GemmParts(byRows, extent, size, ceilDiv(extent, size));
    }

    /** The first row (or column) of part i. */
    public int from(int i) {
        return i * size;
    }

    /** The row (or column) after the last of part i. */
    public int to(int i) {
        return Math.min(extent, (i + 1) * size);
    }

    /** In words: {@code one call}, or e.g. {@code 4 column parts of 256}. */
    public String describe() {
        if (count == 1) {
            return "one call";
        }
        return count + (byRows ? " row" : " column") + " parts of " + size;
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
