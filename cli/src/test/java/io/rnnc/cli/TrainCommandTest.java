package io.rnnc.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rnnc.runtime.io.Safetensors;
import io.rnnc.runtime.tensor.Tensor;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `rnnc train`, `eval` and `sample` end to end: what a user types, what they get back. */
class TrainCommandTest {
    private static final String TEXT = "the cat sat on the mat. the dog ran to the cat. ".repeat(40);

    record Result(int status, String out, String err) {
    }

    static Result rnnc(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Result(status, out.toString(), err.toString());
    }

    private static String[] train(Path data, Path ckpt, String... more) {
        String[] base = {"train", "--cell", "stdlib:gru", "--data", data.toString(), "--hidden", "16", "--steps", "10",
            "--bptt", "20", "--batch", "4", "--dropout", "0.1", "--recurrent-dropout", "0.2", "--checkpoint", ckpt.toString(), "--sample", "0"};
        String[] all = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    @Test
    void resumingFromACheckpointEqualsTrainingStraightThrough(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("text.txt");
        Files.writeString(data, TEXT);
        Path straight = dir.resolve("straight.safetensors");
        Path halves = dir.resolve("halves.safetensors");
        assertEquals(0, rnnc(train(data, straight, "--max-steps", "12")).status());
        Result first = rnnc(train(data, halves, "--max-steps", "6"));
        assertEquals(0, first.status(), first.err());
        Result second = rnnc("train", "--resume", "--data", data.toString(), "--checkpoint", halves.toString(),
                "--max-steps", "12", "--sample", "0");
        assertEquals(0, second.status(), second.err());
        assertTrue(second.out().contains("resumed " + halves + " at step 6 of 12"), second.out());
        Map<String, Tensor> a = Safetensors.read(straight).tensors();
        Map<String, Tensor> b = Safetensors.read(halves).tensors();
        assertEquals(a.keySet(), b.keySet());
        a.forEach((k, t) -> assertArrayEquals(t.data(), b.get(k).data(), k));
    }

    @Test
    void stdlibCheckpointsCarryPyTorchNamesAndTheCellsOwn(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("text.txt");
        Files.writeString(data, TEXT);
        Path ckpt = dir.resolve("m.safetensors");
        assertEquals(0, rnnc(train(data, ckpt, "--max-steps", "2", "--layers", "2")).status());
        Map<String, Tensor> t = Safetensors.read(ckpt).tensors();
        assertArrayEquals(new int[] {48, 16}, t.get("torch.weight_hh_l1").shape());
        assertArrayEquals(new int[] {16, 16}, t.get("W_hz_l1").shape());
        double[] stacked = t.get("torch.weight_hh_l1").data();
        double[] z = t.get("W_hz_l1").data();
        for (int i = 0; i < z.length; i++) {
            assertEquals(z[i], stacked[z.length + i], "the update gate is PyTorch's second block");
        }
    }

    /**
     * The projection LSTM trains with its own state sizes (c of H, h of P, the second layer
     * reading P), resumes with them, and its checkpoint holds PyTorch's nn.LSTM(proj_size=P)
     * tensors.
     */
    @Test
    void theProjectionLstmTrainsResumesAndSavesPyTorchsTensors(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("text.txt");
        Files.writeString(data, TEXT);
        Path ckpt = dir.resolve("p.safetensors");
        String[] args = {"train", "--cell", "stdlib:lstm_proj", "--size", "P=5", "--hidden", "12", "--layers", "2",
            "--data", data.toString(), "--steps", "10", "--batch", "4", "--checkpoint", ckpt.toString(), "--sample", "0"};
        Result first = rnnc(java.util.stream.Stream.concat(java.util.Arrays.stream(args), java.util.stream.Stream.of(
                "--max-steps", "3")).toArray(String[]::new));
        assertEquals(0, first.status(), first.err());
        Map<String, Tensor> t = Safetensors.read(ckpt).tensors();
        assertArrayEquals(new int[] {5, 12}, t.get("torch.weight_hr_l1").shape());
        assertArrayEquals(new int[] {48, 5}, t.get("torch.weight_hh_l1").shape());
        assertArrayEquals(new int[] {48, 5}, t.get("torch.weight_ih_l1").shape(), "layer 1 reads layer 0's h, of size P");
        assertArrayEquals(t.get("W_hr_l0").data(), t.get("torch.weight_hr_l0").data());
        Result resumed = rnnc("train", "--resume", "--data", data.toString(), "--checkpoint", ckpt.toString(),
                "--max-steps", "4", "--sample", "0");
        assertEquals(0, resumed.status(), resumed.err());
        assertUsageError(rnnc(java.util.stream.Stream.concat(java.util.Arrays.stream(args), java.util.stream.Stream.of(
                "--size", "Q=3")).toArray(String[]::new)), "--size Q=3: cell lstm_proj has no size Q; its size parameters are P");
    }

    @Test
    void trainedLanguageModelSamplesAndEvaluates(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("text.txt");
        Files.writeString(data, TEXT);
        Path ckpt = dir.resolve("lm.safetensors");
        Result trained = rnnc(train(data, ckpt, "--max-steps", "30", "--lr", "0.02"));
        assertEquals(0, trained.status(), trained.err());
        assertTrue(trained.out().contains("held-out loss"), trained.out());
        Result sampled = rnnc("sample", "--checkpoint", ckpt.toString(), "--prompt", "the ", "--length", "40");
        assertEquals(0, sampled.status(), sampled.err());
        // Only the line's end goes: a sample may end in a space.
        String text = sampled.out().replaceAll("\\R+\\z", "");
        assertTrue(text.startsWith("the ") && text.length() == 44, "[" + text + "]");
        assertTrue(text.chars().allMatch(c -> TEXT.indexOf(c) >= 0), "only the text's characters: " + text);
        Result again = rnnc("sample", "--checkpoint", ckpt.toString(), "--prompt", "the ", "--length", "40");
        assertEquals(sampled.out(), again.out(), "one seed, one sample");
        Result eval = rnnc("eval", "--checkpoint", ckpt.toString(), "--data", data.toString(), "--held-out");
        assertEquals(0, eval.status(), eval.err());
        String heldOut = trained.out().lines().filter(l -> l.startsWith("held-out loss")).findFirst().orElseThrow();
        assertEquals(heldOut, eval.out().strip(), "eval --held-out scores what training reported");
    }

    @Test
    void classifierAndForecasterTrain(@TempDir Path dir) throws Exception {
        Path tsv = dir.resolve("labels.tsv");
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 60; i++) {
            lines.append(i % 2 == 0 ? "yes\tababab\n" : "no\tbbbaaa\n");
        }
        Files.writeString(tsv, lines);
        Result c = rnnc("train", "--cell", "stdlib:lstm", "--task", "classify", "--data", tsv.toString(), "--hidden",
                "8", "--batch", "8", "--epochs", "2", "--pool", "mean", "--reduction", "sum", "--checkpoint",
                dir.resolve("c.safetensors").toString());
        assertEquals(0, c.status(), c.err());
        assertTrue(c.out().contains("accuracy"), c.out());
        Path csv = dir.resolve("series.csv");
        StringBuilder rows = new StringBuilder("t,value\n");
        for (int i = 0; i < 200; i++) {
            rows.append(i).append(',').append(Math.sin(i / 5.0)).append('\n');
        }
        Files.writeString(csv, rows);
        Result r = rnnc("train", "--cell", "stdlib:rnn_tanh", "--task", "regress", "--data", csv.toString(),
                "--hidden", "8", "--steps", "20", "--batch", "4", "--max-steps", "5", "--checkpoint",
                dir.resolve("r.safetensors").toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("persistence forecast"), r.out());
        Path pairs = dir.resolve("pairs.tsv");
        Files.writeString(pairs, "abc\tcba\nba\tab\n".repeat(10));
        Path s2s = dir.resolve("s.safetensors");
        Result s = rnnc("train", "--cell", "stdlib:gru", "--task", "seq2seq", "--data", pairs.toString(), "--hidden",
                "8", "--batch", "4", "--max-steps", "3", "--checkpoint", s2s.toString());
        assertEquals(0, s.status(), s.err());
        assertTrue(s.out().contains("targets decoded exactly"), s.out());
        Result e = rnnc("eval", "--checkpoint", s2s.toString(), "--data", pairs.toString());
        assertEquals(0, e.status(), e.err());
        assertTrue(e.out().contains("of 20 targets decoded exactly"), "the whole file: " + e.out());
    }

    /** --bidirectional on seq2seq is a bidirectional encoder, whose two directions a bridge hands to the decoder. */
    @Test
    void bidirectionalSeq2seqEncodesBothWays(@TempDir Path dir) throws Exception {
        Path pairs = dir.resolve("pairs.tsv");
        Files.writeString(pairs, "abc\tcba\nba\tab\nabba\tabba\n".repeat(8));
        Path one = dir.resolve("one.safetensors");
        Path two = dir.resolve("two.safetensors");
        String[] args = {"train", "--cell", "stdlib:gru", "--task", "seq2seq", "--data", pairs.toString(), "--hidden",
            "8", "--batch", "4", "--max-steps", "3", "--checkpoint"};
        assertEquals(0, rnnc(concat(args, one.toString())).status());
        Result r = rnnc(concat(args, two.toString(), "--bidirectional"));
        assertEquals(0, r.status(), r.err());
        Map<String, Tensor> a = Safetensors.read(one).tensors();
        Map<String, Tensor> b = Safetensors.read(two).tensors();
        assertFalse(a.containsKey("encoder.W_hz_l0_reverse"));
        assertArrayEquals(new int[] {8, 8}, b.get("encoder.W_hz_l0_reverse").shape());
        assertArrayEquals(new int[] {8, 16}, b.get("bridge.h_l0.weight").shape());
        assertArrayEquals(a.get("decoder.W_hz_l0").shape(), b.get("decoder.W_hz_l0").shape());
        Result e = rnnc("eval", "--checkpoint", two.toString(), "--data", pairs.toString());
        assertEquals(0, e.status(), e.err());
    }

    private static String[] concat(String[] head, String... tail) {
        String[] all = java.util.Arrays.copyOf(head, head.length + tail.length);
        System.arraycopy(tail, 0, all, head.length, tail.length);
        return all;
    }

    @Test
    void mistakesGetOneSentenceAndTheirStatus(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("text.txt");
        Files.writeString(data, TEXT);
        assertUsageError(rnnc("train", "--data", data.toString()), "give the cell with --cell");
        assertUserError(rnnc("train", "--cell", "stdlib:gru", "--data", dir.resolve("none.txt").toString()),
                "none.txt: no such file");
        Path binary = dir.resolve("bin.txt");
        Files.write(binary, new byte[] {(byte) 0xff, (byte) 0xfe, 0});
        assertUserError(rnnc("train", "--cell", "stdlib:gru", "--data", binary.toString()),
                "bin.txt:1: is not UTF-8 text (an invalid byte at offset 0)");
        Path tsv = dir.resolve("bad.tsv");
        Files.writeString(tsv, "yes\tabc\nno label here\n");
        assertUserError(rnnc("train", "--cell", "stdlib:gru", "--task", "classify", "--data", tsv.toString()),
                "bad.tsv:2: has no tab; each line is `label<TAB>text`");
        assertUsageError(rnnc("train", "--cell", "stdlib:gru", "--data", data.toString(), "--steps", "10", "--bptt", "15"),
                "--bptt must be a multiple");
        assertUsageError(rnnc(train(data, dir.resolve("x.safetensors"), "--optimizer", "adamax")),
                "unknown optimizer `adamax`");
        Path elementwise = dir.resolve("elementwise.rnn");
        Files.writeString(elementwise, "h_t = tanh(W x_t) * h_{t-1} + b\n");
        assertUserError(rnnc("train", "--cell", elementwise.toString(), "--data", data.toString(), "--recurrent-dropout",
                "0.2"), "recurrent dropout masks a state where a matrix product reads it");
        Path notCkpt = dir.resolve("junk.safetensors");
        Files.writeString(notCkpt, "not a checkpoint");
        assertUserError(rnnc("sample", "--checkpoint", notCkpt.toString()), "junk.safetensors");
        assertUserError(rnnc("train", "--resume", "--data", data.toString(), "--checkpoint",
                dir.resolve("missing.safetensors").toString()), "missing.safetensors");
        Path ckpt = dir.resolve("lm.safetensors");
        assertEquals(0, rnnc(train(data, ckpt, "--max-steps", "1")).status());
        assertUserError(rnnc("sample", "--checkpoint", ckpt.toString(), "--prompt", "xyz"),
                "prompt: `x` is not in the model's vocabulary");
    }

    private static void assertUserError(Result r, String phrase) {
        assertFailed(Exit.BAD_INPUT, r, phrase);
    }

    private static void assertUsageError(Result r, String phrase) {
        assertFailed(Exit.USAGE, r, phrase);
    }

    private static void assertFailed(int status, Result r, String phrase) {
        assertEquals(status, r.status(), r.out() + r.err());
        assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), r.err());
        assertTrue(r.err().contains(phrase), "expected `" + phrase + "` in: " + r.err());
    }
}
