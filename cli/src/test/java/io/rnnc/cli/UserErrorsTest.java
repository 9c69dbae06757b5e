package io.rnnc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rnnc.compiler.model.Checkpoint;
import io.rnnc.compiler.model.ModelSpec;
import io.rnnc.compiler.model.Models;
import io.rnnc.compiler.model.RunConfig;
import io.rnnc.runtime.io.DType;
import io.rnnc.runtime.io.Safetensors;
import io.rnnc.runtime.tensor.Tensor;
import io.rnnc.runtime.train.Model;
import io.rnnc.stdlib.Stdlib;
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
        assertUsageError(rnnc("compare", "--cells", "stdlib:gru", "--data", "missing.txt", "--threads", "0"), "--threads",
                "at least 1");
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

    /** A file of two layers, or of both directions, run as one layer one way names what it would leave out. */
    @Test
    void tensorsTheRunWouldNotUseAreNamed(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("o.safetensors");
        Path deep = OracleCases.extract("lstm_2layer", dir);
        assertUserError(rnnc("run", "--cell", "stdlib:lstm", "--input", deep.toString(), "--out", out.toString()),
                "lstm_2layer.safetensors: tensors `bias_hh_l1`, `bias_ih_l1`, `weight_hh_l1`, `weight_ih_l1` are not "
                        + "used by 1 one-directional layer of lstm; tensors of layer 1 need --layers 2");
        Path both = OracleCases.extract("gru_bidirectional", dir);
        assertUserError(rnnc("run", "--cell", "stdlib:gru", "--input", both.toString(), "--out", out.toString()),
                "are not used by 1 one-directional layer of gru; `_reverse` tensors need --bidirectional");
        assertEquals(0, rnnc("run", "--cell", "stdlib:gru", "--input", both.toString(), "--out", out.toString(),
                "--bidirectional").status());
    }

    /** Checkpoints of the format before the run configuration do not load; they say so. */
    @Test
    void aCheckpointOfAnOlderFormat(@TempDir Path dir) throws Exception {
        Path old = dir.resolve("old.safetensors");
        Safetensors.write(old, Map.of("W_l0", Tensor.zeros(2, 2)), Map.of("format", "rnnc-checkpoint-1"), DType.F64);
        assertUserError(rnnc("sample", "--checkpoint", old.toString()), "old.safetensors: is a checkpoint of another "
                + "version of rnnc (rnnc-checkpoint-1; this one reads rnnc-checkpoint-2); train it again");
    }

    /** A model saved through the Java API has no task or data settings to evaluate or predict with. */
    @Test
    void aCheckpointWithoutTheSettingsOfARun(@TempDir Path dir) throws Exception {
        Path saved = dir.resolve("api.safetensors");
        ModelSpec spec = ModelSpec.languageModel(3, 4);
        Model model = Models.build(Stdlib.cell("gru"), spec, 1);
        new Checkpoint(Stdlib.source("gru").text(), "gru", RunConfig.of(null, spec), 0, model.parameters(), Map.of(), Map.of(),
                Map.of()).save(saved);
        Path data = Files.writeString(dir.resolve("t.txt"), "abcabc");
        assertUserError(rnnc("eval", "--checkpoint", saved.toString(), "--data", data.toString()),
                "api.safetensors: the checkpoint does not hold the settings of a training run (it was saved through the Java API)");
        assertUsageError(rnnc("predict", "--checkpoint", saved.toString(), data.toString(), "--batch", "0"),
                "--batch must be at least 1");
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
