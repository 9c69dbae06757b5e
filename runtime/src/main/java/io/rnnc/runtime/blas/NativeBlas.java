package io.rnnc.runtime.blas;

import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.OPENBLAS_VERSION;
import static org.bytedeco.openblas.global.openblas_nolapack.blas_set_num_threads;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_dgemm;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_sgemm;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.openblas.global.openblas_nolapack;

/**
 * OpenBLAS, as built and packaged by bytedeco's JavaCPP presets (the native library travels in
 * the platform jar and is extracted to JavaCPP's cache on first use).
 *
 * <p>Operands are staged through per-thread direct buffers: each call copies the slices it reads
 * (A, B, and C unless beta is 0) in and C out, densely packed, and hands OpenBLAS the buffers'
 * addresses. JavaCPP's overloads that take Java arrays cannot pin them: they use JNI
 * {@code Get<Type>ArrayElements}, which on HotSpot mallocs and copies the whole array in and
 * back on every call, and they take no offsets; the heap-buffer overloads take an offset but copy
 * the same way. On a slice of a [100·32, 256] sequence that measured 9 GFLOP/s against 55
 * staged, and the per-call mallocs made some runs fall to 1 GFLOP/s. Staging costs
 * O(mk + kn + mn) against the product's O(mnk). Writing back only the m×n elements of C also
 * leaves the elements between its rows (other gates, other time steps) untouched.
 *
 * <p>OpenBLAS's thread count is process-wide, so there is one instance.
 */
public final class NativeBlas implements Blas {
    private static NativeBlas instance;

    private static final ThreadLocal<Staging> STAGING = ThreadLocal.withInitial(Staging::new);

    private final String version;
    private volatile int threads;

    private NativeBlas() {
        version = OPENBLAS_VERSION.trim();
    }

    /**
     * Loads the native library (once) and returns the instance, single-threaded: rnnc's worker
     * pools cut products into parts themselves, the same way for any thread count, and call
     * OpenBLAS on each of their threads, so OpenBLAS's own threads would only make results
     * depend on how it split a product, and contend for the cores (its idle threads spin after
     * each product). {@link #setThreads} changes it, for the whole process.
     *
     * @throws UnsatisfiedLinkError if there is no native OpenBLAS for this platform or it fails to load
     * @throws NoClassDefFoundError if JavaCPP or its OpenBLAS presets are not on the class path
     */
    public static synchronized NativeBlas load() {
        if (instance == null) {
            Loader.load(openblas_nolapack.class);
            NativeBlas blas = new NativeBlas();
            blas.setThreads(1);
            instance = blas;
        }
        return instance;
    }

    @Override
    public void sgemm(boolean transA, boolean transB, int m, int n, int k,
                      float alpha, float[] a, int aOffset, int lda,
                      float[] b, int bOffset, int ldb,
                      float beta, float[] c, int cOffset, int ldc) {
        if (GemmArgs.checkedAndTrivial(transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset,
                ldc)) {
            return;
        }
        int bRows = transB ? n : k;
        int bCols = transB ? k : n;
        FloatBuffer sb = STAGING.get().floats(1, bRows * bCols);
        stage(b, bOffset, ldb, bRows, bCols, sb);
        product(transA, transB, m, n, k, alpha, a, aOffset, lda, sb, bCols, beta, c, cOffset, ldc);
    }

    @Override
    public void dgemm(boolean transA, boolean transB, int m, int n, int k,
                      double alpha, double[] a, int aOffset, int lda,
                      double[] b, int bOffset, int ldb,
                      double beta, double[] c, int cOffset, int ldc) {
        if (GemmArgs.checkedAndTrivial(transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset,
                ldc)) {
            return;
        }
        int bRows = transB ? n : k;
        int bCols = transB ? k : n;
        DoubleBuffer sb = STAGING.get().doubles(1, bRows * bCols);
        stage(b, bOffset, ldb, bRows, bCols, sb);
        product(transA, transB, m, n, k, alpha, a, aOffset, lda, sb, bCols, beta, c, cOffset, ldc);
    }

    /** A matrix copied once into native memory, read by every product without a copy. */
    private record OffHeap(FloatBuffer f, DoubleBuffer d, float[] floats, double[] doubles, int rows, int cols)
            implements Resident {
    }

    @Override
    public Resident resident(float[] data, int rows, int cols) {
        FloatBuffer f = Staging.direct((long) rows * cols * Float.BYTES).asFloatBuffer();
        f.put(0, data, 0, rows * cols);
        return new OffHeap(f, null, data, null, rows, cols);
    }

    @Override
    public Resident resident(double[] data, int rows, int cols) {
        DoubleBuffer d = Staging.direct((long) rows * cols * Double.BYTES).asDoubleBuffer();
        d.put(0, data, 0, rows * cols);
        return new OffHeap(null, d, null, data, rows, cols);
    }

    @Override
    public void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int aOffset,
                      int lda, Resident b, int bOffset, float beta, float[] c, int cOffset, int ldc) {
        if (!(b instanceof OffHeap h) || h.f() == null || m == 0 || n == 0 || k == 0 || alpha == 0) {
            Blas.super.sgemm(transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, beta, c, cOffset, ldc);
            return;
        }
        GemmArgs.check(transA, transB, m, n, k, a.length, aOffset, lda, h.rows() * h.cols(), bOffset,
                h.cols(), c.length, cOffset, ldc);
        product(transA, transB, m, n, k, alpha, a, aOffset, lda, from(h.f(), bOffset), h.cols(), beta,
                c, cOffset, ldc);
    }

    /** Stages A (and C when it is read), multiplies by B already in native memory, and copies C back. */
    private static void product(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int aOffset,
                                int lda, FloatBuffer b, int ldb, float beta, float[] c, int cOffset, int ldc) {
        int aRows = transA ? k : m;
        int aCols = transA ? m : k;
        Staging s = STAGING.get();
        FloatBuffer sa = s.floats(0, aRows * aCols);
        FloatBuffer sc = s.floats(2, m * n);
        stage(a, aOffset, lda, aRows, aCols, sa);
        if (beta != 0) {
            stage(c, cOffset, ldc, m, n, sc);
        }
        cblas_sgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
                m, n, k, alpha, sa, aCols, b, ldb, beta, sc, n);
        unstage(sc, c, cOffset, ldc, m, n);
    }

    @Override
    public void dgemm(boolean transA, boolean transB, int m, int n, int k, double alpha, double[] a, int aOffset,
                      int lda, Resident b, int bOffset, double beta, double[] c, int cOffset, int ldc) {
        if (!(b instanceof OffHeap h) || h.d() == null || m == 0 || n == 0 || k == 0 || alpha == 0) {
            Blas.super.dgemm(transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, beta, c, cOffset, ldc);
            return;
        }
        GemmArgs.check(transA, transB, m, n, k, a.length, aOffset, lda, h.rows() * h.cols(), bOffset,
                h.cols(), c.length, cOffset, ldc);
        product(transA, transB, m, n, k, alpha, a, aOffset, lda, from(h.d(), bOffset), h.cols(), beta,
                c, cOffset, ldc);
    }

    /** Stages A (and C when it is read), multiplies by B already in native memory, and copies C back. */
    private static void product(boolean transA, boolean transB, int m, int n, int k, double alpha, double[] a, int aOffset,
                                int lda, DoubleBuffer b, int ldb, double beta, double[] c, int cOffset, int ldc) {
        int aRows = transA ? k : m;
        int aCols = transA ? m : k;
        Staging s = STAGING.get();
        DoubleBuffer sa = s.doubles(0, aRows * aCols);
        DoubleBuffer sc = s.doubles(2, m * n);
        stage(a, aOffset, lda, aRows, aCols, sa);
        if (beta != 0) {
            stage(c, cOffset, ldc, m, n, sc);
        }
        cblas_dgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
                m, n, k, alpha, sa, aCols, b, ldb, beta, sc, n);
        unstage(sc, c, cOffset, ldc, m, n);
    }

    /** The buffer from element {@code offset} on (the native call reads from the buffer's start). */
    private static FloatBuffer from(FloatBuffer b, int offset) {
        return offset == 0 ? b : b.slice(offset, b.capacity() - offset);
    }

    private static DoubleBuffer from(DoubleBuffer b, int offset) {
        return offset == 0 ? b : b.slice(offset, b.capacity() - offset);
    }

    /** Copies the staged product back into C's rows, leaving what lies between them alone. */
    private static void unstage(FloatBuffer sc, float[] c, int cOffset, int ldc, int m, int n) {
        if (ldc == n) {
            sc.get(0, c, cOffset, m * n);
        } else {
            for (int i = 0; i < m; i++) {
                sc.get(i * n, c, cOffset + i * ldc, n);
            }
        }
    }

    private static void unstage(DoubleBuffer sc, double[] c, int cOffset, int ldc, int m, int n) {
        if (ldc == n) {
            sc.get(0, c, cOffset, m * n);
        } else {
            for (int i = 0; i < m; i++) {
                sc.get(i * n, c, cOffset + i * ldc, n);
            }
        }
    }

    /** Copies a rows×cols matrix with leading dimension ld into dst, packed. */
    private static void stage(float[] src, int offset, int ld, int rows, int cols, FloatBuffer dst) {
        if (ld == cols) {
            dst.put(0, src, offset, rows * cols);
        } else {
            for (int r = 0; r < rows; r++) {
                dst.put(r * cols, src, offset + r * ld, cols);
            }
        }
    }

    private static void stage(double[] src, int offset, int ld, int rows, int cols, DoubleBuffer dst) {
        if (ld == cols) {
            dst.put(0, src, offset, rows * cols);
        } else {
            for (int r = 0; r < rows; r++) {
                dst.put(r * cols, src, offset + r * ld, cols);
            }
        }
    }

    @Override
    public String name() {
        int n = threads;
        return version + " (bytedeco), " + n + (n == 1 ? " thread" : " threads");
    }

    @Override
    public int threads() {
        return threads;
    }

    /** Sets OpenBLAS's thread count, for every caller in the process. */
    @Override
    public synchronized void setThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1: " + threads);
        }
        blas_set_num_threads(threads);
        this.threads = threads;
    }

    /**
     * One thread's staging buffers, grown as needed and kept, so that calls do not allocate.
     * Positions stay 0: JavaCPP passes a buffer's address plus its position, and only absolute
     * bulk gets and puts are used.
     */
    private static final class Staging {
        private final FloatBuffer[] floats = {empty().asFloatBuffer(), empty().asFloatBuffer(), empty().asFloatBuffer()};
        private final DoubleBuffer[] doubles = {empty().asDoubleBuffer(), empty().asDoubleBuffer(), empty().asDoubleBuffer()};

        /** The float buffer for operand {@code i} (A, B, C = 0, 1, 2), with room for {@code size}. */
        FloatBuffer floats(int i, int size) {
            if (floats[i].capacity() < size) {
                floats[i] = direct((long) size * Float.BYTES).asFloatBuffer();
            }
            return floats[i];
        }

        /** The double buffer for operand {@code i} (A, B, C = 0, 1, 2), with room for {@code size}. */
        DoubleBuffer doubles(int i, int size) {
            if (doubles[i].capacity() < size) {
                doubles[i] = direct((long) size * Double.BYTES).asDoubleBuffer();
            }
            return doubles[i];
        }

        private static ByteBuffer empty() {
            return direct(0);
        }

        static ByteBuffer direct(long bytes) {
            if (bytes > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("matrix too large to stage: " + bytes + " bytes");
            }
            return ByteBuffer.allocateDirect((int) bytes).order(ByteOrder.nativeOrder());
        }
    }
}
