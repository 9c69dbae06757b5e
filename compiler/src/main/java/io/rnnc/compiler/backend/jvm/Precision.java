package io.rnnc.compiler.backend.jvm;

import io.rnnc.runtime.blas.Blas;

/**
 * The arithmetic a compiled layer runs in: float32 or float64 arrays, and the BLAS routine
 * for each. The layer's own loops (masking, accumulation, packing) go through these small
 * methods so that one engine serves both precisions.
 */
interface Precision {
    /** A zeroed array of {@code n} elements. */
    Object alloc(int n);

    /** An array of {@code n} arrays, for the kernels' buffer table. */
    Object table(int n);

    void put(Object table, int k, Object array);

    double get(Object a, int i);

    void set(Object a, int i, double v);

    /** C = op(A)·op(B) + beta·C, row-major. */
    void gemm(Blas blas, boolean transA, boolean transB, int m, int n, int k, Object a, int aOff, int lda,
              Object b, int bOff, int ldb, double beta, Object c, int cOff, int ldc);

    /** A matrix prepared for many products (packed weights). */
    Blas.Resident resident(Blas blas, Object rowMajor, int rows, int cols);

    /** C = A·op(B) (+ beta·C), row-major, with B resident and read from element {@code bOffset} on. */
    void gemmResident(Blas blas, boolean transB, int m, int n, int k, Object a, int aOff, int lda, Blas.Resident b,
                      int bOffset, double beta, Object c, int cOff, int ldc);

    /** Copies {@code n} values into {@code dst} from {@code src}. */
    void copyIn(double[] src, int srcOff, Object dst, int dstOff, int n);

    /** Copies {@code n} values out of {@code src} into {@code dst}. */
    void copyOut(Object src, int srcOff, double[] dst, int dstOff, int n);

    /** Adds {@code n} values of {@code src} into {@code dst}. */
    void add(Object src, int srcOff, Object dst, int dstOff, int n);

    /** True for float64. */
    boolean f64();

    /** float32. */
    Precision F32 = new Precision() {
        @Override
        public Object alloc(int n) {
            return new float[n];
        }

        @Override
        public Object table(int n) {
            return new float[n][];
        }

        @Override
        public void put(Object table, int k, Object array) {
            ((float[][]) table)[k] = (float[]) array;
        }

        @Override
        public double get(Object a, int i) {
            return ((float[]) a)[i];
        }

        @Override
        public void set(Object a, int i, double v) {
            ((float[]) a)[i] = (float) v;
        }

        @Override
        public void gemm(Blas blas, boolean transA, boolean transB, int m, int n, int k, Object a, int aOff, int lda,
                         Object b, int bOff, int ldb, double beta, Object c, int cOff, int ldc) {
            blas.sgemm(transA, transB, m, n, k, 1f, (float[]) a, aOff, lda, (float[]) b, bOff, ldb, (float) beta,
                    (float[]) c, cOff, ldc);
        }

        @Override
        public Blas.Resident resident(Blas blas, Object rowMajor, int rows, int cols) {
            return blas.resident((float[]) rowMajor, rows, cols);
        }

        @Override
        public void gemmResident(Blas blas, boolean transB, int m, int n, int k, Object a, int aOff, int lda,
                                 Blas.Resident b, int bOffset, double beta, Object c, int cOff, int ldc) {
            blas.sgemm(false, transB, m, n, k, 1f, (float[]) a, aOff, lda, b, bOffset, (float) beta, (float[]) c, cOff,
                    ldc);
        }

        @Override
        public void copyIn(double[] src, int srcOff, Object dst, int dstOff, int n) {
            float[] d = (float[]) dst;
            for (int i = 0; i < n; i++) {
                d[dstOff + i] = (float) src[srcOff + i];
            }
        }

        @Override
        public void copyOut(Object src, int srcOff, double[] dst, int dstOff, int n) {
            float[] s = (float[]) src;
            for (int i = 0; i < n; i++) {
                dst[dstOff + i] = s[srcOff + i];
            }
        }

        @Override
        public void add(Object src, int srcOff, Object dst, int dstOff, int n) {
            float[] s = (float[]) src;
            float[] d = (float[]) dst;
            for (int i = 0; i < n; i++) {
                d[dstOff + i] += s[srcOff + i];
            }
        }

        @Override
        public boolean f64() {
            return false;
        }
    };

    /** float64. */
    Precision F64 = new Precision() {
        @Override
        public Object alloc(int n) {
            return new double[n];
        }

        @Override
        public Object table(int n) {
            return new double[n][];
        }

        @Override
        public void put(Object table, int k, Object array) {
            ((double[][]) table)[k] = (double[]) array;
        }

        @Override
        public double get(Object a, int i) {
            return ((double[]) a)[i];
        }

        @Override
        public void set(Object a, int i, double v) {
            ((double[]) a)[i] = v;
        }

        @Override
        public void gemm(Blas blas, boolean transA, boolean transB, int m, int n, int k, Object a, int aOff, int lda,
                         Object b, int bOff, int ldb, double beta, Object c, int cOff, int ldc) {
            blas.dgemm(transA, transB, m, n, k, 1.0, (double[]) a, aOff, lda, (double[]) b, bOff, ldb, beta,
                    (double[]) c, cOff, ldc);
        }

        @Override
        public Blas.Resident resident(Blas blas, Object rowMajor, int rows, int cols) {
            return blas.resident((double[]) rowMajor, rows, cols);
        }

        @Override
        public void gemmResident(Blas blas, boolean transB, int m, int n, int k, Object a, int aOff, int lda,
                                 Blas.Resident b, int bOffset, double beta, Object c, int cOff, int ldc) {
            blas.dgemm(false, transB, m, n, k, 1.0, (double[]) a, aOff, lda, b, bOffset, beta, (double[]) c, cOff, ldc);
        }

        @Override
        public void copyIn(double[] src, int srcOff, Object dst, int dstOff, int n) {
            System.arraycopy(src, srcOff, dst, dstOff, n);
        }

        @Override
        public void copyOut(Object src, int srcOff, double[] dst, int dstOff, int n) {
            System.arraycopy(src, srcOff, dst, dstOff, n);
        }

        @Override
        public void add(Object src, int srcOff, Object dst, int dstOff, int n) {
            double[] s = (double[]) src;
            double[] d = (double[]) dst;
            for (int i = 0; i < n; i++) {
                d[dstOff + i] += s[srcOff + i];
            }
        }

        @Override
        public boolean f64() {
            return true;
        }
    };
}
