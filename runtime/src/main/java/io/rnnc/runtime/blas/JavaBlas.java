package io.rnnc.runtime.blas;

/**
 * The pure-Java fallback: single-threaded, blocked so that a panel of B stays in cache while
 * every row of C is updated from it.
 *
 * <p>The inner loop runs along a row of B and of C (i-k-j order), which the JIT vectorizes; it
 * takes four rows of B at a time so that each load and store of C serves four multiply-adds.
 * A transposed B is first copied, one panel at a time, into a per-thread buffer in that layout,
 * because the alternative, dot products along rows, does not vectorize.
 */
public final class JavaBlas implements Blas {
    /** Columns of a panel of B and C; with {@link #KC} sized so a B panel fits in L2. */
    private static final int NC = 512;
    /** Depth (rows of op(B)) of a panel. */
    private static final int KC = 128;

    private static final ThreadLocal<float[]> FLOAT_PANEL = ThreadLocal.withInitial(() -> new float[0]);
    private static final ThreadLocal<double[]> DOUBLE_PANEL = ThreadLocal.withInitial(() -> new double[0]);

    /** A pure-Java BLAS; instances share only per-thread panel buffers. */
    public JavaBlas() {
    }

    @Override
    public void sgemm(boolean transA, boolean transB, int m, int n, int k,
                      float alpha, float[] a, int aOffset, int lda,
                      float[] b, int bOffset, int ldb,
                      float beta, float[] c, int cOffset, int ldc) {
        GemmArgs.check(transA, transB, m, n, k, a.length, aOffset, lda, b.length, bOffset, ldb, c.length, cOffset, ldc);
        if (m == 0 || n == 0) {
            return;
        }
        GemmArgs.scale(m, n, beta, c, cOffset, ldc);
        if (k == 0 || alpha == 0) {
            return;
        }
        // op(A)(i, p) = a[aOffset + i * aRow + p * aCol]
        int aRow = transA ? 1 : lda;
        int aCol = transA ? lda : 1;
        float[] panel = transB ? floatPanel(Math.min(k, KC) * Math.min(n, NC)) : null;
        for (int j0 = 0; j0 < n; j0 += NC) {
            int nc = Math.min(NC, n - j0);
            for (int p0 = 0; p0 < k; p0 += KC) {
                int kc = Math.min(KC, k - p0);
                float[] bp = b;
                int bo = bOffset + p0 * ldb + j0;
                int bld = ldb;
                if (transB) {
                    int src = bOffset + j0 * ldb + p0;
                    for (int j = 0; j < nc; j++, src += ldb) {
                        for (int p = 0; p < kc; p++) {
                            panel[p * nc + j] = b[src + p];
                        }
                    }
                    bp = panel;
                    bo = 0;
                    bld = nc;
                }
                for (int i = 0; i < m; i++) {
                    updateRow(alpha, a, aOffset + i * aRow + p0 * aCol, aCol, bp, bo, bld, kc, c, cOffset + i * ldc + j0, nc);
                }
            }
        }
    }

    /** c[0..nc) += alpha · Σ_p a[p] · b[p][0..nc) over kc rows of b. */
    private static void updateRow(float alpha, float[] a, int ai, int aStep, float[] b, int bi, int ldb, int kc,
                                  float[] c, int ci, int nc) {
        int p = 0;
        for (; p + 4 <= kc; p += 4, ai += 4 * aStep, bi += 4 * ldb) {
            float a0 = alpha * a[ai];
            float a1 = alpha * a[ai + aStep];
            float a2 = alpha * a[ai + 2 * aStep];
            float a3 = alpha * a[ai + 3 * aStep];
            int b1 = bi + ldb;
            int b2 = b1 + ldb;
            int b3 = b2 + ldb;
            for (int j = 0; j < nc; j++) {
                c[ci + j] += a0 * b[bi + j] + a1 * b[b1 + j] + a2 * b[b2 + j] + a3 * b[b3 + j];
            }
        }
        for (; p < kc; p++, ai += aStep, bi += ldb) {
            float a0 = alpha * a[ai];
            for (int j = 0; j < nc; j++) {
                c[ci + j] += a0 * b[bi + j];
            }
        }
    }

    @Override
    public void dgemm(boolean transA, boolean transB, int m, int n, int k,
                      double alpha, double[] a, int aOffset, int lda,
                      double[] b, int bOffset, int ldb,
                      double beta, double[] c, int cOffset, int ldc) {
        GemmArgs.check(transA, transB, m, n, k, a.length, aOffset, lda, b.length, bOffset, ldb, c.length, cOffset, ldc);
        if (m == 0 || n == 0) {
            return;
        }
        GemmArgs.scale(m, n, beta, c, cOffset, ldc);
        if (k == 0 || alpha == 0) {
            return;
        }
        int aRow = transA ? 1 : lda;
        int aCol = transA ? lda : 1;
        double[] panel = transB ? doublePanel(Math.min(k, KC) * Math.min(n, NC)) : null;
        for (int j0 = 0; j0 < n; j0 += NC) {
            int nc = Math.min(NC, n - j0);
            for (int p0 = 0; p0 < k; p0 += KC) {
                int kc = Math.min(KC, k - p0);
                double[] bp = b;
                int bo = bOffset + p0 * ldb + j0;
                int bld = ldb;
                if (transB) {
                    int src = bOffset + j0 * ldb + p0;
                    for (int j = 0; j < nc; j++, src += ldb) {
                        for (int p = 0; p < kc; p++) {
                            panel[p * nc + j] = b[src + p];
                        }
                    }
                    bp = panel;
                    bo = 0;
                    bld = nc;
                }
                for (int i = 0; i < m; i++) {
                    updateRow(alpha, a, aOffset + i * aRow + p0 * aCol, aCol, bp, bo, bld, kc, c, cOffset + i * ldc + j0, nc);
                }
            }
        }
    }

    private static void updateRow(double alpha, double[] a, int ai, int aStep, double[] b, int bi, int ldb, int kc,
                                  double[] c, int ci, int nc) {
        int p = 0;
        for (; p + 4 <= kc; p += 4, ai += 4 * aStep, bi += 4 * ldb) {
            double a0 = alpha * a[ai];
            double a1 = alpha * a[ai + aStep];
            double a2 = alpha * a[ai + 2 * aStep];
            double a3 = alpha * a[ai + 3 * aStep];
            int b1 = bi + ldb;
            int b2 = b1 + ldb;
            int b3 = b2 + ldb;
            for (int j = 0; j < nc; j++) {
                c[ci + j] += a0 * b[bi + j] + a1 * b[b1 + j] + a2 * b[b2 + j] + a3 * b[b3 + j];
            }
        }
        for (; p < kc; p++, ai += aStep, bi += ldb) {
            double a0 = alpha * a[ai];
            for (int j = 0; j < nc; j++) {
                c[ci + j] += a0 * b[bi + j];
            }
        }
    }

    /** A per-thread panel buffer of at least {@code size}; kept, so that calls do not allocate. */
    private static float[] floatPanel(int size) {
        float[] panel = FLOAT_PANEL.get();
        if (panel.length < size) {
            panel = new float[size];
            FLOAT_PANEL.set(panel);
        }
        return panel;
    }

    private static double[] doublePanel(int size) {
        double[] panel = DOUBLE_PANEL.get();
        if (panel.length < size) {
            panel = new double[size];
            DOUBLE_PANEL.set(panel);
        }
        return panel;
    }

    @Override
    public String name() {
        return "pure-Java BLAS, 1 thread";
    }

    @Override
    public int threads() {
        return 1;
    }

    /** Checks the argument; this implementation always uses one thread. */
    @Override
    public void setThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1: " + threads);
        }
    }
}
