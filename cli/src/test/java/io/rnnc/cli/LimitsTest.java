package io.rnnc.cli;

import static io.rnnc.cli.TrainCommandTest.rnnc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sizes beyond the machine are refused before anything is allocated, with the memory needed and
 * the memory there is (status 4); cell files beyond reason end in a diagnostic, never in a
 * stack overflow or an out-of-memory error.
 */
class LimitsTest {
    @Test
    void aBillionHiddenUnitsAreRefusedWithTheNumbers(@TempDir Path dir) throws Exception {
        Path data = Files.writeString(dir.resolve("text.txt"), "the cat sat on the mat. ".repeat(100));
        Path ckpt = dir.resolve("m.safetensors");
        TrainCommandTest.Result r = rnnc("train", "--cell", "stdlib:lstm", "--data", data.toString(), "--hidden",
                "1000000000", "--checkpoint", ckpt.toString());
        assertEquals(Exit.UNAVAILABLE, r.status(), r.err());
        assertTrue(r.err().startsWith("rnnc: training 4000000063000000011 parameters (hidden size 1000000000, 11 "
                + "inputs, 11 outputs) on batches of 64 steps × 32 sequences"), r.err());
        assertTrue(r.err().contains("needs more than 8.0 EB of memory, and the JVM may use "), r.err());
        assertTrue(r.err().strip().endsWith("; use a smaller --hidden, --batch or --steps, or give Java more memory "
                + "(JDK_JAVA_OPTIONS=-Xmx<size>)"), "the options of the command line: " + r.err());
        assertFalse(Files.exists(ckpt));

        r = rnnc("gradcheck", "stdlib:gru", "--hidden", "1000000000");
        assertEquals(Exit.UNAVAILABLE, r.status(), r.err());
        assertTrue(r.err().contains("needs more than 8.0 EB of memory"), r.err());
    }

    /** A word-level vocabulary of 30,000 words in a JVM of 96 MB: a batch's one-hot inputs alone would not fit. */
    @Test
    void aVocabularyBeyondTheHeapIsRefusedWithTheNumbers(@TempDir Path dir) throws Exception {
        Path data = Files.writeString(dir.resolve("words.txt"), IntStream.range(0, 30_000).mapToObj(i -> "w" + i)
                .collect(Collectors.joining(" ")));
        Process p = RnncProcess.start(List.of("-Xmx96m"), null, "train", "--cell", "stdlib:gru", "--level", "word",
                "--data", data.toString(), "--hidden", "8", "--checkpoint", dir.resolve("m.safetensors").toString());
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(Exit.UNAVAILABLE, p.exitValue(), out);
        assertTrue(out.contains("rnnc: training ") && out.contains("(hidden size 8, 30000 inputs, 30000 outputs) on "
                + "batches of 64 steps × 32 sequences (") && out.contains(" of memory, and the JVM may use 96.0 MB"), out);
    }

    @Test
    void cellFilesBeyondReasonEndInADiagnostic(@TempDir Path dir) throws Exception {
        String line = "h_t = tanh(W x_t + U h_{t-1} + b)\n";
        Path huge = Files.writeString(dir.resolve("huge.rnn"), line.repeat(50_000_000 / line.length()));
        TrainCommandTest.Result r = rnnc("check", huge.toString());
        assertEquals(Exit.BAD_INPUT, r.status(), r.err());
        assertEquals("rnnc: " + huge + ": file is too large for a cell (" + Files.size(huge) + " bytes)", r.err().strip());

        Path deep = Files.writeString(dir.resolve("deep.rnn"), "h_t = " + "(".repeat(10_000) + "x_t"
                + ")".repeat(10_000) + "\n");
        r = rnnc("check", deep.toString());
        assertEquals(Exit.CHECK_FAILED, r.status(), r.err());
        assertTrue((r.out() + r.err()).contains("deep.rnn:1:207: error: brackets nested more than 200 deep"), r.err());

        Path longName = Files.writeString(dir.resolve("name.rnn"), "h_t = tanh(W" + "a".repeat(100_000)
                + " x_t + U h_{t-1})\n");
        r = rnnc("check", longName.toString());
        assertEquals(Exit.OK, r.status(), r.err());

        // 10,000 equations, each reading the one before: the passes recurse 10,000 deep.
        StringBuilder cell = new StringBuilder("cell Chain {\nv0_t = tanh(W0 x_t + U v9999_{t-1})\n");
        for (int i = 1; i < 10_000; i++) {
            cell.append("v").append(i).append("_t = tanh(W").append(i).append(" x_t + v").append(i - 1).append("_t)\n");
        }
        Path chain = Files.writeString(dir.resolve("chain.rnn"), cell.append("output v9999\n}\n"));
        r = rnnc("check", chain.toString());
        assertEquals(Exit.OK, r.status(), r.err());
        assertTrue(r.out().contains("cell Chain ok (1 state, 10001 parameters)"), r.out());
    }
}
