package io.rnnc.runtime.blas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.bytedeco.javacpp.Loader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class BlasTest {
    private static final float FLOAT_TOLERANCE = 1e-5f;
    private static final double DOUBLE_TOLERANCE = 1e-12;

    /** Sizes {m, n, k}: tiny, odd, and past the Java implementation's panel sizes. */
    private static final int[][] SHAPES = {{1, 1, 1}, {3, 5, 7}, {17, 9, 4}, {8, 33, 130}, {5, 530, 150}};

    /** Whether the native library for this platform is on the class path, so it must load. */
    private static boolean nativeShipped() {
        String library = "org/bytedeco/openblas/" + Loader.getPlatform() + "/" + System.mapLibraryName("jniopenblas_nolapack");
        return BlasTest.class.getClassLoader().getResource(library) != null;
    }

    /** Whether netlib's JNI binding is packaged for this platform (it is built for Linux only). */
    private static boolean netlibShipped() {
        String dir = System.getProperty("os.name") + "-" + System.getProperty("os.arch");
        return BlasTest.class.getClassLoader().getResource("resources/native/" + dir + "/libnetlibblasjni.so") != null;
    }

    private static Blas implementation(String name) {
        if (name.equals("java")) {
            return new JavaBlas();
        }
        assumeTrue(nativeShipped(), "no native OpenBLAS packaged for " + Loader.getPlatform());
        if (name.equals("pinned")) {
            assumeTrue(netlibShipped(), "no netlib JNI binding packaged for this platform");
            return PinnedBlas.load();
        }
        return NativeBlas.load();
    }

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (String impl : new String[] {"java", "native", "pinned"}) {
            for (boolean transA : new boolean[] {false, true}) {
                for (boolean transB : new boolean[] {false, true}) {
                    cases.add(Arguments.of(impl, transA, transB));
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} transA={1} transB={2}")
    @MethodSource("cases")
    void sgemmMatchesNaiveProduct(String impl, boolean transA, boolean transB) {
        Blas blas = implementation(impl);
        Random random = new Random(7);
        for (int[] shape : SHAPES) {
            for (float[] alphaBeta : new float[][] {{1, 0}, {0.75f, -1.25f}, {-2, 1}}) {
                checkFloat(blas, random, transA, transB, shape[0], shape[1], shape[2], alphaBeta[0], alphaBeta[1]);
            }
        }
    }

    @ParameterizedTest(name = "{0} transA={1} transB={2}")
    @MethodSource("cases")
    void dgemmMatchesNaiveProduct(String impl, boolean transA, boolean transB) {
        Blas blas = implementation(impl);
        Random random = new Random(11);
        for (int[] shape : SHAPES) {
            for (double[] alphaBeta : new double[][] {{1, 0}, {0.75, -1.25}, {-2, 1}}) {
                checkDouble(blas, random, transA, transB, shape[0], shape[1], shape[2], alphaBeta[0], alphaBeta[1]);
            }
        }
    }

    /** A matrix slice inside a larger array: offset before it, padding after each row, sentinels around. */
    private record Layout(int offset, int ld, int length) {
        static Layout random(Random random, int rows, int cols) {
            int offset = random.nextInt(6);
            int ld = cols + random.nextInt(4);
            return new Layout(offset, ld, offset + rows * ld + random.nextInt(3));
        }

        boolean inside(int index, int rows, int cols) {
            int rel = index - offset;
            return rel >= 0 && rel / ld < rows && rel % ld < cols;
        }
    }

    private static void checkFloat(Blas blas, Random random, boolean transA, boolean transB,
                                   int m, int n, int k, float alpha, float beta) {
        Layout la = Layout.random(random, transA ? k : m, transA ? m : k);
        Layout lb = Layout.random(random, transB ? n : k, transB ? k : n);
        Layout lc = Layout.random(random, m, n);
        float[] a = randomFloats(random, la.length);
        float[] b = randomFloats(random, lb.length);
        float[] c = randomFloats(random, lc.length);
        if (beta == 0) {
            // with beta 0, C must not be read
            for (int i = 0; i < c.length; i++) {
                c[i] = lc.inside(i, m, n) ? Float.NaN : c[i];
            }
        }
        float[] before = c.clone();
        blas.sgemm(transA, transB, m, n, k, alpha, a, la.offset, la.ld, b, lb.offset, lb.ld, beta, c, lc.offset, lc.ld);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                double scale = 0;
                for (int p = 0; p < k; p++) {
                    double x = a[transA ? la.offset + p * la.ld + i : la.offset + i * la.ld + p];
                    double y = b[transB ? lb.offset + j * lb.ld + p : lb.offset + p * lb.ld + j];
                    sum += x * y;
                    scale += Math.abs(x * y);
                }
                double old = beta == 0 ? 0 : before[lc.offset + i * lc.ld + j];
                double want = alpha * sum + beta * old;
                double got = c[lc.offset + i * lc.ld + j];
                double bound = FLOAT_TOLERANCE * (Math.abs(alpha) * scale + Math.abs(beta * old) + Float.MIN_NORMAL);
                if (!(Math.abs(got - want) <= bound)) {
                    fail(String.format("%s sgemm %s%s m=%d n=%d k=%d alpha=%s beta=%s: C[%d][%d] = %s, want %s",
                            blas.name(), transA ? "T" : "N", transB ? "T" : "N", m, n, k, alpha, beta, i, j, got, want));
                }
            }
        }
        for (int i = 0; i < c.length; i++) {
            if (!lc.inside(i, m, n)) {
                assertEquals(before[i], c[i], "element " + i + " outside C changed");
            }
        }
    }

    private static void checkDouble(Blas blas, Random random, boolean transA, boolean transB,
                                    int m, int n, int k, double alpha, double beta) {
        Layout la = Layout.random(random, transA ? k : m, transA ? m : k);
        Layout lb = Layout.random(random, transB ? n : k, transB ? k : n);
        Layout lc = Layout.random(random, m, n);
        double[] a = random.doubles(la.length, -1, 1).toArray();
        double[] b = random.doubles(lb.length, -1, 1).toArray();
        double[] c = random.doubles(lc.length, -1, 1).toArray();
        if (beta == 0) {
            for (int i = 0; i < c.length; i++) {
                c[i] = lc.inside(i, m, n) ? Double.NaN : c[i];
            }
        }
        double[] before = c.clone();
        blas.dgemm(transA, transB, m, n, k, alpha, a, la.offset, la.ld, b, lb.offset, lb.ld, beta, c, lc.offset, lc.ld);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                double scale = 0;
                for (int p = 0; p < k; p++) {
                    double x = a[transA ? la.offset + p * la.ld + i : la.offset + i * la.ld + p];
                    double y = b[transB ? lb.offset + j * lb.ld + p : lb.offset + p * lb.ld + j];
                    sum += x * y;
                    scale += Math.abs(x * y);
                }
                double old = beta == 0 ? 0 : before[lc.offset + i * lc.ld + j];
                double want = alpha * sum + beta * old;
                double got = c[lc.offset + i * lc.ld + j];
                double bound = DOUBLE_TOLERANCE * (Math.abs(alpha) * scale + Math.abs(beta * old) + Double.MIN_NORMAL);
                if (!(Math.abs(got - want) <= bound)) {
                    fail(String.format("%s dgemm %s%s m=%d n=%d k=%d alpha=%s beta=%s: C[%d][%d] = %s, want %s",
                            blas.name(), transA ? "T" : "N", transB ? "T" : "N", m, n, k, alpha, beta, i, j, got, want));
                }
            }
        }
        for (int i = 0; i < c.length; i++) {
            if (!lc.inside(i, m, n)) {
                assertEquals(before[i], c[i], "element " + i + " outside C changed");
            }
        }
    }

    private static float[] randomFloats(Random random, int length) {
        float[] values = new float[length];
        for (int i = 0; i < length; i++) {
            values[i] = random.nextFloat() * 2 - 1;
        }
        return values;
    }

    @ParameterizedTest
    @MethodSource("implementations")
    void zeroAlphaOrDepthOnlyScalesC(String impl) {
        Blas blas = implementation(impl);
        float[] nan = {Float.NaN, Float.NaN, Float.NaN, Float.NaN};
        float[] c = {1, 2, 3, 4};
        blas.sgemm(false, false, 2, 2, 2, 0f, nan, 0, 2, nan, 0, 2, 3f, c, 0, 2);
        assertEquals(List.of(3f, 6f, 9f, 12f), List.of(c[0], c[1], c[2], c[3]));
        double[] d = {1, 2, 3, 4};
        blas.dgemm(true, true, 2, 2, 0, 1.0, new double[0], 0, 2, new double[0], 0, 1, 0.0, d, 0, 2);
        assertEquals(List.of(0.0, 0.0, 0.0, 0.0), List.of(d[0], d[1], d[2], d[3]));
        blas.sgemm(false, false, 0, 5, 3, 1f, new float[0], 0, 3, new float[15], 0, 5, 0f, new float[0], 0, 5);
    }

    @ParameterizedTest
    @MethodSource("implementations")
    void rejectsBadArgumentsBeforeWriting(String impl) {
        Blas blas = implementation(impl);
        float[] a = new float[6];
        float[] b = new float[6];
        float[] c = {7, 7, 7, 7};
        assertThrows(IllegalArgumentException.class, () -> blas.sgemm(false, false, -1, 2, 3, 1f, a, 0, 3, b, 0, 2, 0f, c, 0, 2));
        assertThrows(IllegalArgumentException.class, () -> blas.sgemm(false, false, 2, 2, 3, 1f, a, 0, 2, b, 0, 2, 0f, c, 0, 2));
        assertThrows(IllegalArgumentException.class, () -> blas.sgemm(false, true, 2, 2, 3, 1f, a, 0, 3, b, 0, 2, 0f, c, 0, 2));
        assertThrows(IndexOutOfBoundsException.class, () -> blas.sgemm(false, false, 2, 2, 3, 1f, a, 1, 3, b, 0, 2, 0f, c, 0, 2));
        assertThrows(IndexOutOfBoundsException.class, () -> blas.sgemm(false, false, 2, 2, 3, 1f, a, 0, 3, b, 0, 2, 0f, c, -1, 2));
        assertThrows(IndexOutOfBoundsException.class, () -> blas.dgemm(false, false, 2, 2, 3, 1, new double[6], 0, 3, new double[6], 0, 2, 0, new double[4], 0, 3));
        assertEquals(List.of(7f, 7f, 7f, 7f), List.of(c[0], c[1], c[2], c[3]));
    }

    @ParameterizedTest
    @MethodSource("implementations")
    void concurrentCallersGetTheirOwnResults(String impl) throws Exception {
        Blas blas = implementation(impl);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int seed = t;
                futures.add(pool.submit(() -> {
                    Random random = new Random(seed);
                    for (int r = 0; r < 20; r++) {
                        checkFloat(blas, random, seed % 2 == 0, r % 2 == 0, 9 + seed, 40, 30 + r, 1.5f, 0.5f);
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    static Stream<String> implementations() {
        return Stream.of("java", "native", "pinned");
    }

    @Test
    void processWideChoiceIsNativeWhereShipped() {
        Blas blas = Blas.get();
        assertSame(blas, Blas.get());
        if ("java".equals(System.getProperty(BlasSelection.PROPERTY))) {
            assertInstanceOf(JavaBlas.class, blas);
        } else if (nativeShipped() && netlibShipped()) {
            assertInstanceOf(PinnedBlas.class, blas, "OpenBLAS and netlib's binding are packaged for this platform but did not load");
            assertTrue(blas.name().endsWith("arrays pinned through netlib's JNI binding"), blas.name());
        } else if (nativeShipped()) {
            assertInstanceOf(NativeBlas.class, blas, "native OpenBLAS is packaged for this platform but did not load");
        }
    }

    @Test
    void propertyForcesJavaWithoutTryingNative() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Blas blas = BlasSelection.select("java", () -> fail("native loader called"), new PrintStream(err));
        assertInstanceOf(JavaBlas.class, blas);
        assertEquals("", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void failedNativeLoadFallsBackWithOneLine() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Blas blas = BlasSelection.select(null, () -> {
            throw new UnsatisfiedLinkError("no jniopenblas_nolapack in java.library.path\nsecond line");
        }, new PrintStream(err, true, StandardCharsets.UTF_8));
        assertInstanceOf(JavaBlas.class, blas);
        String text = err.toString(StandardCharsets.UTF_8);
        assertEquals(1, text.lines().count(), text);
        assertTrue(text.startsWith("rnnc: native OpenBLAS could not be loaded (java.lang.UnsatisfiedLinkError: no jniopenblas_nolapack"), text);
        assertTrue(text.strip().endsWith("using the pure-Java BLAS, which is slower"), text);
    }

    @Test
    void nativeThreadsCanBeSet() {
        assumeTrue(nativeShipped());
        NativeBlas blas = NativeBlas.load();
        int threads = blas.threads();
        assertTrue(threads >= 1 && threads <= Runtime.getRuntime().availableProcessors(), "threads " + threads);
        assertTrue(blas.name().startsWith("OpenBLAS 0.3.31 (bytedeco), "), blas.name());
        try {
            blas.setThreads(1);
            assertEquals(1, blas.threads());
            assertTrue(blas.name().endsWith(", 1 thread"), blas.name());
            checkFloat(blas, new Random(3), false, false, 64, 64, 64, 1f, 0f);
        } finally {
            blas.setThreads(threads);
        }
        assertThrows(IllegalArgumentException.class, () -> blas.setThreads(0));
    }

    /** The pinned binding reports and sets the threads of the OpenBLAS that JavaCPP loaded. */
    @Test
    void pinnedSharesOpenBlasAndItsThreads() {
        assumeTrue(nativeShipped() && netlibShipped());
        PinnedBlas pinned = PinnedBlas.load();
        NativeBlas staged = NativeBlas.load();
        int threads = staged.threads();
        try {
            pinned.setThreads(1);
            assertEquals(1, staged.threads());
            assertTrue(pinned.name().startsWith("OpenBLAS 0.3.31 (bytedeco), 1 thread, "), pinned.name());
        } finally {
            staged.setThreads(threads);
        }
    }

    @Test
    void javaReportsOneThread() {
        JavaBlas blas = new JavaBlas();
        blas.setThreads(4);
        assertEquals(1, blas.threads());
        assertEquals("pure-Java BLAS, 1 thread", blas.name());
        assertThrows(IllegalArgumentException.class, () -> blas.setThreads(0));
    }
}
