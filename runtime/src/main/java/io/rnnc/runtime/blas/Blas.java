package io.rnnc.runtime.blas;

/**
 * The matrix products of the runtime, row-major.
 *
 * <p>Every matrix is a slice of a Java array: element (r, c) of a matrix with leading dimension
 * {@code ld} starting at {@code offset} is {@code array[offset + r * ld + c]}. {@code op(X)} is
 * {@code X} or, when its {@code trans} flag is set, {@code Xᵀ}; so with {@code transA} the array
 * holds A as {@code [k][m]} and with {@code transB} it holds B as {@code [n][k]}.
 *
 * <p>As in BLAS, when {@code beta} is 0 the input values of C are not read (NaN there does not
 * propagate), and when {@code alpha} is 0 or {@code k} is 0, A and B are not read.
 *
 * <p>Implementations are thread-safe.
 */
public interface Blas {

    /**
     * C[m×n] = alpha·op(A)·op(B) + beta·C in single precision, where op(A) is m×k and op(B) is k×n.
     *
     * @param lda leading dimension of A as stored: at least k, or m with {@code transA}
     * @param ldb leading dimension of B as stored: at least n, or k with {@code transB}
     * @param ldc leading dimension of C: at least n
     * @throws IllegalArgumentException if a size is negative or a leading dimension too small
     * @throws IndexOutOfBoundsException if a matrix does not lie within its array
     */
    void sgemm(boolean transA, boolean transB, int m, int n, int k,
               float alpha, float[] a, int aOffset, int lda,
               float[] b, int bOffset, int ldb,
               float beta, float[] c, int cOffset, int ldc);

    /**
     * C[m×n] = alpha·op(A)·op(B) + beta·C in double precision; arguments as for
     * {@link #sgemm}.
     */
    void dgemm(boolean transA, boolean transB, int m, int n, int k,
               double alpha, double[] a, int aOffset, int lda,
               double[] b, int bOffset, int ldb,
               double beta, double[] c, int cOffset, int ldc);

    /**
     * A matrix prepared once for many products, such as a layer's packed weights used at
     * every step: an implementation keeps it where it reads it fastest (off-heap for the native
     * library, which then copies nothing of it per call).
     */
    interface Resident {
        /** Rows of the matrix as stored. */
        int rows();

        /** Columns of the matrix as stored. */
        int cols();

        /** The matrix as a row-major float array (null for a double matrix). */
        float[] floats();

        /** The matrix as a row-major double array (null for a float matrix). */
        double[] doubles();
    }

    /**
     * A row-major float matrix prepared for many products. It may read {@code data} itself (the
     * pure-Java and pinned BLAS do, copying nothing), so the caller leaves {@code data} unchanged
     * while it uses the result.
     */
    default Resident resident(float[] data, int rows, int cols) {
        return new ArrayResident(data, null, rows, cols);
    }

    /** A row-major double matrix prepared for many products, as for {@link #resident(float[], int, int)}. */
    default Resident resident(double[] data, int rows, int cols) {
        return new ArrayResident(null, data, rows, cols);
    }

    /**
     * {@link #sgemm} with B a resident matrix read from element {@code bOffset} on (row-major,
     * leading dimension its column count; op(B) as {@code transB} says): a row offset times the
     * column count starts at a row, a column offset at a column.
     */
    default void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int aOffset,
                       int lda, Resident b, int bOffset, float beta, float[] c, int cOffset, int ldc) {
        sgemm(transA, transB, m, n, k, alpha, a, aOffset, lda, b.floats(), bOffset, b.cols(), beta, c, cOffset, ldc);
    }

    /** {@link #dgemm} with B a resident matrix, as for {@link #sgemm(boolean, boolean, int, int, int, float, float[], int, int, Resident, int, float, float[], int, int)}. */
    default void dgemm(boolean transA, boolean transB, int m, int n, int k, double alpha, double[] a, int aOffset,
                       int lda, Resident b, int bOffset, double beta, double[] c, int cOffset, int ldc) {
        dgemm(transA, transB, m, n, k, alpha, a, aOffset, lda, b.doubles(), bOffset, b.cols(), beta, c, cOffset, ldc);
    }

    /**
     * The matrix–vector product y = op(A)·x + beta·y in single precision, A resident
     * ({@code rows × cols} row-major): op(A) is A, reading {@code cols} values of x and writing
     * {@code rows} of y, or with {@code trans} Aᵀ, reading {@code rows} and writing {@code cols}.
     * The generation of text takes one of these per weight matrix and token.
     */
    default void sgemv(boolean trans, Resident a, float[] x, int xOffset, float beta, float[] y, int yOffset) {
        if (trans) {
            sgemm(false, false, 1, a.cols(), a.rows(), 1f, x, xOffset, a.rows(), a, 0, beta, y, yOffset, a.cols());
        } else {
            sgemm(false, true, 1, a.rows(), a.cols(), 1f, x, xOffset, a.cols(), a, 0, beta, y, yOffset, a.rows());
        }
    }

    /** {@link #sgemv} in double precision. */
    default void dgemv(boolean trans, Resident a, double[] x, int xOffset, double beta, double[] y, int yOffset) {
        if (trans) {
            dgemm(false, false, 1, a.cols(), a.rows(), 1.0, x, xOffset, a.rows(), a, 0, beta, y, yOffset, a.cols());
        } else {
            dgemm(false, true, 1, a.rows(), a.cols(), 1.0, x, xOffset, a.cols(), a, 0, beta, y, yOffset, a.rows());
        }
    }

    /** The plain resident matrix: the array itself. */
    record ArrayResident(float[] floats, double[] doubles, int rows, int cols) implements Resident {
    }

    /** What computes the products, for logs and benchmarks, e.g. {@code OpenBLAS 0.3.31 (bytedeco), 2 threads}. */
    String name();

    /** The number of threads one product may use. */
    int threads();

    /**
     * Sets how many threads one product may use; an implementation that cannot use more than
     * one keeps using one, so {@link #threads()} tells what is in effect.
     *
     * @throws IllegalArgumentException if {@code threads < 1}
     */
    void setThreads(int threads);

    /**
     * The process-wide implementation: the native OpenBLAS when its library loads, else the
     * pure-Java one, after one line on stderr saying why. The system property
     * {@code rnnc.blas=java} selects the pure-Java one without trying the native library.
     */
    static Blas get() {
        return BlasSelection.INSTANCE;
    }
}
