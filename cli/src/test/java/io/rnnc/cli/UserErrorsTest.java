package io.rnnc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rnnc.runtime.io.DType;
import io.rnnc.runtime.io.Safetensors;
import io.rnnc.runtime.tensor.Tensor;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user's mistake ends in one sentence naming the file or option, never a stack trace: status 3
 * for a wrong input, 2 for a wrong command line.
 */
class UserErrorsTest {

    private record Result(int status, String out, String err) {
    }

    private static Result rnnc(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Result(status, out.toString(), err.toString());
    }

    private static void assertUserError(Result r, String... phrases) {
        assertFailed(Exit.BAD_INPUT, r, phrases);
    }

    private static void assertUsageError(Result r, String... phrases) {
        assertFailed(Exit.USAGE, r, phrases);
    }

    private static void assertFailed(int status, Result r, String... phrases) {
        assertEquals(status, r.status(), r.err());
        assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), r.err());
        for (String p : phrases) {
            assertTrue(r.err().contains(p), "expected `" + p + "` in: " + r.err());
        }
    }

    @Test
    void missingCellFile(@TempDir Path dir) {
        assertUserError(rnnc("check", dir.resolve("nope.rnn").toString()), "nope.rnn: no such file");
    }

    @Test
    void unknownStdlibCell() {
        assertUserError(rnnc("show", "stdlib:transformer"), "stdlib:transformer: no such stdlib cell", "stdlib:lstm");
    }

    @Test
    void cellWithErrorsPrintsDiagnostics(@TempDir Path dir) throws Exception {
        Path cell = dir.resolve("bad.rnn");
        Files.writeString(cell, "h_t = φ(W x_t + U h_{t-1})\n");
        Result r = rnnc("gradcheck", cell.toString());
        assertUserError(r, "bad.rnn:1:7: error: unknown function `φ`", "hint:");
    }

    @Test
    void negativeBenchWarmUp() {
        assertUsageError(rnnc("bench", "--cell", "stdlib:rnn_tanh", "--warmup-seconds", "-1"),
                "--warmup and --warmup-seconds at least 0");
    }

    @Test
    void threadsBelowOne() {
        assertUsageError(rnnc("bench", "--cell", "stdlib:rnn_tanh", "--threads", "0"), "--threads", "at least 1");
        assertUsageError(rnnc("sample", "--threads", "-2"), "--threads", "at least 1");
    }

    @Test
    void caseThatIsNotSafetensors(@TempDir Path dir) throws Exception {
        Path junk = dir.resolve("case.safetensors");
        Files.writeString(junk, "not a tensor file");
        assertUserError(rnnc("run", "--cell", "stdlib:rnn_tanh", "--input", junk.toString(), "--out",
                dir.resolve("out.safetensors").toString()), "case.safetensors:");
    }

    @Test
    void caseMissingAParameter(@TempDir Path dir) throws Exception {
        Path c = dir.resolve("case.safetensors");
        Map<String, Tensor> t = new LinkedHashMap<>();
        t.put("x", Tensor.zeros(2, 1, 3));
        t.put("W_ih", Tensor.zeros(4, 3));
        Safetensors.write(c, t, Map.of(), DType.F64);
        assertUserError(rnnc("run", "--cell", "stdlib:rnn_tanh", "--input", c.toString(), "--out",
                dir.resolve("out.safetensors").toString()), "case.safetensors: parameters `b_ih`, `W_hh`, `b_hh` are missing");
    }

    @Test
    void caseWithParametersOfTheWrongShape(@TempDir Path dir) throws Exception {
        Path c = dir.resolve("case.safetensors");
        Map<String, Tensor> t = new LinkedHashMap<>();
        t.put("x", Tensor.zeros(2, 1, 3));
        t.put("W_ih", Tensor.zeros(4, 3));
        t.put("b_ih", Tensor.zeros(4));
        t.put("W_hh", Tensor.zeros(4, 5));
        t.put("b_hh", Tensor.zeros(4));
        Safetensors.write(c, t, Map.of(), DType.F64);
        assertUserError(rnnc("run", "--cell", "stdlib:rnn_tanh", "--input", c.toString(), "--out",
                dir.resolve("out.safetensors").toString()), "case.safetensors: `W_hh` has shape [4, 5]");
    }

    @Test
    void badOptionValues(@TempDir Path dir) {
        assertUsageError(rnnc("gradcheck", "stdlib:lstm", "--hidden", "0"), "--hidden", "see `rnnc gradcheck --help`");
        assertUsageError(rnnc("run", "--cell", "stdlib:lstm", "--input", "x", "--out", "y", "--precision", "f16"),
                "--precision must be f32 or f64");
        assertUsageError(rnnc("run", "--cell", "stdlib:lstm", "--input", "x", "--out", "y", "--backend", "cuda"),
                "--backend must be interp, jvm or opencl");
    }
}
