package io.rnnc.runtime.blas;

import java.util.Arrays;

/** Argument checks and the trivial cases shared by the implementations. */
final class GemmArgs {
    private GemmArgs() {
    }

    /**
     * Checks sizes, leading dimensions and that each matrix the call reads or writes lies within
     * its array, before anything is written: a native library would otherwise read or write
     * out of bounds, and the Java one would leave C half updated.
     */
    static void check(boolean transA, boolean transB, int m, int n, int k,
                      int aLength, int aOffset, int lda, int bLength, int bOffset, int ldb,
                      int cLength, int cOffset, int ldc) {
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException("negative size: m=" + m + ", n=" + n + ", k=" + k);
        }
        leadingDimension("lda", lda, transA ? m : k);
        leadingDimension("ldb", ldb, transB ? k : n);
        leadingDimension("ldc", ldc, n);
        if (m > 0 && n > 0 && k > 0) {
            within("A", aLength, aOffset, lda, transA ? k : m, transA ? m : k);
            within("B", bLength, bOffset, ldb, transB ? n : k, transB ? k : n);
        }
        if (m > 0 && n > 0) {
            within("C", cLength, cOffset, ldc, m, n);
        }
    }

    private static void leadingDimension(String name, int ld, int width) {
        if (ld < Math.max(1, width)) {
            throw new IllegalArgumentException(name + "=" + ld + " is less than the row width " + Math.max(1, width));
        }
    }

    private static void within(String name, int length, int offset, int ld, int rows, int cols) {
        long end = offset + (long) (rows - 1) * ld + cols;
        if (offset < 0 || end > length) {
            throw new IndexOutOfBoundsException(name + " [" + rows + "×" + cols + "] with leading dimension " + ld
                    + " at offset " + offset + " does not fit in an array of " + length);
        }
    }

    /**
     * Checks a product's arguments ({@link #check}) and does it where its product term is
     * zero (no rows, columns or depth, or alpha 0), which leaves C scaled by beta.
     *
     * @return true when nothing is left for the BLAS to do
     */
    static boolean checkedAndTrivial(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a,
                                     int aOffset, int lda, float[] b, int bOffset, int ldb, float beta, float[] c,
                                     int cOffset, int ldc) {
        check(transA, transB, m, n, k, a.length, aOffset, lda, b.length, bOffset, ldb, c.length, cOffset, ldc);
        if (m == 0 || n == 0) {
            return true;
        }
        if (k == 0 || alpha == 0) {
            scale(m, n, beta, c, cOffset, ldc);
            return true;
        }
        return false;
    }

    /** The same in float64. */
    static boolean checkedAndTrivial(boolean transA, boolean transB, int m, int n, int k, double alpha, double[] a,
                                     int aOffset, int lda, double[] b, int bOffset, int ldb, double beta, double[] c,
                                     int cOffset, int ldc) {
        check(transA, transB, m, n, k, a.length, aOffset, lda, b.length, bOffset, ldb, c.length, cOffset, ldc);
        if (m == 0 || n == 0) {
            return true;
        }
        if (k == 0 || alpha == 0) {
            scale(m, n, beta, c, cOffset, ldc);
            return true;
        }
        return false;
    }

    /** C = beta·C over an m×n matrix, for the calls where the product term is zero. */
    static void scale(int m, int n, float beta, float[] c, int cOffset, int ldc) {
        if (beta == 1) {
            return;
        }
        for (int i = 0; i < m; i++) {
            int row = cOffset + i * ldc;
            if (beta == 0) {
                Arrays.fill(c, row, row + n, 0f);
            } else {
                for (int j = row; j < row + n; j++) {
                    c[j] *= beta;
                }
            }
        }
    }

    /** C = beta·C over an m×n matrix, for the calls where the product term is zero. */
    static void scale(int m, int n, double beta, double[] c, int cOffset, int ldc) {
        if (beta == 1) {
            return;
        }
        for (int i = 0; i < m; i++) {
            int row = cOffset + i * ldc;
            if (beta == 0) {
                Arrays.fill(c, row, row + n, 0.0);
            } else {
                for (int j = row; j < row + n; j++) {
                    c[j] *= beta;
                }
            }
        }
    }
}
