package io.rnnc.runtime.blas;

import dev.ludovic.netlib.blas.NativeBLAS;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.bytedeco.javacpp.Loader;

/**
 * The OpenBLAS that {@link NativeBlas} loads from its jar, called through netlib's JNI binding
 * (dev.ludovic.netlib), which pins the Java arrays for the call instead of copying them and
 * takes an offset into each: a product reads and writes the layer's own arrays in place.
 * JavaCPP's overloads copy every operand; {@link NativeBlas} stages them through direct
 * buffers, and on one LSTM step's [32,256]×[256,1024] that ran at 51 GFLOP/s against 89 with
 * the operands already in native memory.
 *
 * <p>netlib's binding opens the library at the path it is given; it is the file JavaCPP has
 * already loaded, so both share one OpenBLAS, and {@link #setThreads} (through JavaCPP) sets
 * the threads that netlib's calls use.
 */
final class PinnedBlas implements Blas {
    private static final String LIBRARY_PATH_PROPERTY = "dev.ludovic.netlib.blas.nativeLibPath";
    /** netlib logs its choices and failed probes on stderr; held here so that the level set stays set. */
    private static final Logger NETLIB_LOG = Logger.getLogger("dev.ludovic.netlib.blas");

    private final NativeBlas openBlas;
    private final NativeBLAS jni;

    private PinnedBlas(NativeBlas openBlas, NativeBLAS jni) {
        this.openBlas = openBlas;
        this.jni = jni;
    }

    /**
     * Loads OpenBLAS through JavaCPP and netlib's binding over it, and checks one product.
     *
     * @throws LinkageError or RuntimeException if either part cannot load or the product is wrong
     */
    static PinnedBlas load() {
        NativeBlas openBlas = NativeBlas.load();
        String path = openBlasPath();
        if (System.getProperty(LIBRARY_PATH_PROPERTY) == null) {
            System.setProperty(LIBRARY_PATH_PROPERTY, path);
        }
        NETLIB_LOG.setLevel(Level.SEVERE);
        PinnedBlas blas = new PinnedBlas(openBlas, NativeBLAS.getInstance());
        blas.check();
        return blas;
    }

    /** The file of the OpenBLAS library JavaCPP loaded (named {@code openblas_nolapack@.0} or similar). */
    private static String openBlasPath() {
        for (Map.Entry<String, String> e : Loader.getLoadedLibraries().entrySet()) {
            if (e.getKey().startsWith("openblas")) {
                return e.getValue();
            }
        }
        throw new IllegalStateException("JavaCPP loaded no OpenBLAS library");
    }

    /** [1 2; 3 4]·[5; 6] = [17; 39]: a binding that reaches the wrong library or none fails here. */
    private void check() {
        float[] c = new float[3];
        sgemm(false, false, 2, 1, 2, 1f, new float[] {1, 2, 3, 4}, 0, 2, new float[] {5, 6}, 0, 1, 0f, c, 1, 1);
        if (c[0] != 0 || c[1] != 17 || c[2] != 39) {
            throw new IllegalStateException("netlib's binding computed a wrong product");
        }
    }

    // Row-major C = op(A)·op(B) is column-major Cᵀ = op(B)ᵀ·op(A)ᵀ: the same arrays, operands swapped.

    @Override
    public void sgemm(boolean transA, boolean transB, int m, int n, int k,
                      float alpha, float[] a, int aOffset, int lda,
                      float[] b, int bOffset, int ldb,
                      float beta, float[] c, int cOffset, int ldc) {
        if (GemmArgs.checkedAndTrivial(transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset,
                ldc)) {
            return;
        }
        jni.sgemm(op(transB), op(transA), n, m, k, alpha, b, bOffset, ldb, a, aOffset, lda, beta, c, cOffset, ldc);
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
        jni.dgemm(op(transB), op(transA), n, m, k, alpha, b, bOffset, ldb, a, aOffset, lda, beta, c, cOffset, ldc);
    }

    // Row-major A (rows × cols) is column-major Aᵀ: y = A·x is Aᵀ's transposed product, and the reverse.

    @Override
    public void sgemv(boolean trans, Resident a, float[] x, int xOffset, float beta, float[] y, int yOffset) {
        if (a.floats() == null) {
            Blas.super.sgemv(trans, a, x, xOffset, beta, y, yOffset);
            return;
        }
        GemvArgs.check(trans, a, x.length, xOffset, y.length, yOffset);
        jni.sgemv(op(!trans), a.cols(), a.rows(), 1f, a.floats(), 0, a.cols(), x, xOffset, 1, beta, y, yOffset, 1);
    }

    @Override
    public void dgemv(boolean trans, Resident a, double[] x, int xOffset, double beta, double[] y, int yOffset) {
        if (a.doubles() == null) {
            Blas.super.dgemv(trans, a, x, xOffset, beta, y, yOffset);
            return;
        }
        GemvArgs.check(trans, a, x.length, xOffset, y.length, yOffset);
        jni.dgemv(op(!trans), a.cols(), a.rows(), 1.0, a.doubles(), 0, a.cols(), x, xOffset, 1, beta, y, yOffset, 1);
    }

    private static String op(boolean transposed) {
        return transposed ? "T" : "N";
    }

    @Override
    public String name() {
        return openBlas.name() + ", arrays pinned through netlib's JNI binding";
    }

    @Override
    public int threads() {
        return openBlas.threads();
    }

    @Override
    public void setThreads(int threads) {
        openBlas.setThreads(threads);
    }
}
