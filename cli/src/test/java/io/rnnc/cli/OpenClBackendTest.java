package io.rnnc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.rnnc.compiler.backend.BackendUnavailableException;
import io.rnnc.compiler.backend.opencl.OpenClDevices;
import io.rnnc.runtime.io.Safetensors;
import io.rnnc.runtime.tensor.Tensor;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * `--backend opencl` through the command line, on OpenCL device 0 (so that a fallback to the
 * JVM backend cannot pass for it): PyTorch's cases to 1e-4, every stdlib cell the same as the
 * JVM backend in float32, the device list and `compile --opencl`. Skipped with the reason
 * where there is no OpenCL platform, except in CI (CI=true), where that fails.
 */
class OpenClBackendTest {
    static final List<String> CASES = OracleCases.NAMES;

    @BeforeEach
    void requireOpenCl() {
        try {
            OpenClDevices.all();
        } catch (BackendUnavailableException e) {
            if ("true".equals(System.getenv("CI"))) {
                fail("CI must run the OpenCL tests, but: " + e.getMessage());
            }
            Assumptions.abort("OpenCL tests skipped: " + e.getMessage());
        }
    }

    @ParameterizedTest
    @FieldSource("CASES")
    void openClMatchesPyTorch(String name, @TempDir Path dir) throws Exception {
        Map<String, Double> errors = OracleCases.run(OracleCases.extract(name, dir), dir,
                "--backend", "opencl", "--precision", "f32", "--device", "0");
        assertTrue(errors.size() > 3, "compared " + errors.keySet());
        errors.forEach((tensor, err) -> assertTrue(err <= 1e-4, name + ": " + tensor + " relative error " + err));
    }

    /** The same file (PyTorch's weight names fit every stdlib cell) through both backends. */
    @ParameterizedTest
    @ValueSource(strings = {"rnn_tanh", "rnn_relu", "lstm", "gru"})
    void stdlibCellsAgreeWithTheJvmBackend(String cell, @TempDir Path dir) throws Exception {
        String source = cell.startsWith("rnn_") ? "rnn_tanh_basic" : cell + "_basic";
        Path input = OracleCases.extract(source, dir);
        Map<String, Tensor> jvm = run(dir, "jvm", cell, input);
        Map<String, Tensor> cl = run(dir, "opencl", cell, input);
        assertEquals(jvm.keySet(), cl.keySet());
        for (String k : jvm.keySet()) {
            double err = relativeError(jvm.get(k).data(), cl.get(k).data());
            assertTrue(err <= 1e-4, cell + ": " + k + " relative error " + err);
        }
    }

    @Test
    void devicesAreListedWithTheDefaultMarked() {
        StringWriter out = new StringWriter();
        int status = Main.run(new String[] {"devices"}, new PrintWriter(out), new PrintWriter(new StringWriter()));
        assertEquals(0, status);
        assertTrue(out.toString().startsWith("0: "), out.toString());
        assertTrue(out.toString().contains("(default)"), out.toString());
    }

    @Test
    void compileWritesTheKernelClassAndItsOpenClSource(@TempDir Path dir) throws Exception {
        StringWriter err = new StringWriter();
        int status = Main.run(new String[] {"compile", "stdlib:gru", "--opencl", "-o", dir.toString(), "--hidden", "8",
                "--input", "4"}, new PrintWriter(new StringWriter()), new PrintWriter(err));
        assertEquals(0, status, err.toString());
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        Path cl = files.stream().filter(p -> p.toString().endsWith(".cl")).findFirst().orElseThrow();
        assertTrue(files.stream().anyMatch(p -> p.toString().endsWith(".class")), files.toString());
        String source = Files.readString(cl);
        assertTrue(source.contains("__kernel void run("), source);
        assertTrue(source.contains("barrier(CLK_LOCAL_MEM_FENCE)"), "the tiled product uses local memory");
    }

    @Test
    void aDeviceThatDoesNotExistIsAnError(@TempDir Path dir) throws Exception {
        Path input = OracleCases.extract("rnn_tanh_basic", dir);
        StringWriter err = new StringWriter();
        int status = Main.run(new String[] {"run", "--cell", "stdlib:rnn_tanh", "--input", input.toString(), "--out",
                dir.resolve("o.safetensors").toString(), "--backend", "opencl", "--precision", "f32", "--device", "99"},
                new PrintWriter(new StringWriter()), new PrintWriter(err));
        assertEquals(Exit.UNAVAILABLE, status);
        assertTrue(err.toString().startsWith("rnnc: there is no OpenCL device 99"), err.toString());
    }

    private static Map<String, Tensor> run(Path dir, String backend, String cell, Path input) throws Exception {
        Path out = dir.resolve(backend + ".safetensors");
        StringWriter err = new StringWriter();
        List<String> args = List.of("run", "--cell", "stdlib:" + cell, "--input", input.toString(), "--out", out.toString(),
                "--backend", backend);
        // OpenCL computes in float32 without being told; the JVM backend is asked for it.
        args = Stream.concat(args.stream(), backend.equals("opencl") ? Stream.of("--device", "0")
                : Stream.of("--precision", "f32")).toList();
        int status = Main.run(args.toArray(String[]::new), new PrintWriter(new StringWriter()), new PrintWriter(err));
        assertEquals(0, status, err.toString());
        Safetensors.Contents written = Safetensors.read(out);
        assertEquals(backend, written.metadata().get("backend"));
        assertEquals("f32", written.metadata().get("precision"));
        return written.tensors();
    }

    private static double relativeError(double[] a, double[] b) {
        double diff = 0;
        double scale = 1e-2;
        for (int i = 0; i < a.length; i++) {
            diff = Math.max(diff, Math.abs(a[i] - b[i]));
            scale = Math.max(scale, Math.abs(a[i]));
        }
        return diff / scale;
    }

    /** A few training steps on OpenCL end where they end on the JVM backend, to float32 accuracy. */
    @Test
    void trainingMatchesTheJvmBackend(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("text.txt");
        Files.writeString(data, "the cat sat on the mat. ".repeat(30));
        Map<String, Map<String, Tensor>> results = new java.util.HashMap<>();
        for (String backend : List.of("jvm", "opencl")) {
            Path ckpt = dir.resolve(backend + ".safetensors");
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int status = Main.run(new String[] {"train", "--cell", "stdlib:lstm", "--data", data.toString(), "--hidden",
                "12", "--steps", "8", "--batch", "4", "--max-steps", "4", "--sample", "0", "--backend", backend,
                "--checkpoint", ckpt.toString()}, new PrintWriter(out), new PrintWriter(err));
            assertEquals(0, status, err.toString());
            assertTrue(!err.toString().contains("instead"), "no fallback: " + err);
            results.put(backend, Safetensors.read(ckpt).tensors());
        }
        results.get("jvm").forEach((name, t) -> {
            if (name.startsWith("optim.")) {
                return;
            }
            double[] a = t.data();
            double[] b = results.get("opencl").get(name).data();
            for (int i = 0; i < a.length; i++) {
                assertEquals(a[i], b[i], 1e-4 * Math.max(1, Math.abs(a[i])), name + "[" + i + "]");
            }
        });
    }

    /**
     * Image sequences on OpenCL: the frame layers stay on the JVM and the cell runs on the device;
     * a few steps end where the JVM backend's do, to float32 accuracy.
     */
    @Test
    void imageSequencesTrainAsOnTheJvm(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("gestures.npz");
        assertEquals(0, Main.run(new String[] {"gestures", "-o", data.toString(), "--count", "24"},
                new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter())));
        Map<String, Map<String, Tensor>> results = new java.util.HashMap<>();
        for (String backend : List.of("jvm", "opencl")) {
            Path ckpt = dir.resolve(backend + ".safetensors");
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int status = Main.run(new String[] {"train", "--task", "classify", "--data", data.toString(), "--frames",
                "24x24x1", "--conv2d", "4:3x3,pool2", "--cell", "stdlib:gru", "--hidden", "8", "--batch", "8",
                "--max-steps", "3", "--backend", backend, "--checkpoint", ckpt.toString()},
                    new PrintWriter(out), new PrintWriter(err));
            assertEquals(0, status, err.toString());
            assertTrue(out.toString().contains(backend + " backend"), out.toString());
            results.put(backend, Safetensors.read(ckpt).tensors());
        }
        results.get("jvm").forEach((name, t) -> {
            if (!name.startsWith("optim.")) {
                double[] a = t.data();
                double[] b = results.get("opencl").get(name).data();
                for (int i = 0; i < a.length; i++) {
                    assertEquals(a[i], b[i], 1e-4 * Math.max(1, Math.abs(a[i])), name + "[" + i + "]");
                }
            }
        });
    }

    /** gradcheck on OpenCL: its float32 gradients against float64 finite differences of the interpreter. */
    @Test
    void gradcheckOnOpenCl() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.run(new String[] {"gradcheck", "stdlib:lstm", "--backend", "opencl"}, new PrintWriter(out),
                new PrintWriter(err));
        assertEquals(0, status, out + "\n" + err);
        assertTrue(out.toString().contains("float32 gradients on opencl"), out.toString());
        assertTrue(!err.toString().contains("instead"), "no fallback: " + err);
    }
}
