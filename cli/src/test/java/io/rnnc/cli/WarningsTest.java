package io.rnnc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Warnings print as errors do (`file:line:col: warning: …`, the line, a caret, a hint) and
 * never stop a command: a cell with a value nothing reads checks, shows and gradchecks.
 */
class WarningsTest {
    /** Goodfellow et al.'s RNN copied without the softmax that reads its output layer. */
    private static final String UNREAD_OUTPUT_LAYER = """
            a^{(t)} = b + W h^{(t-1)} + U x^{(t)}
            h^{(t)} = \\tanh(a^{(t)})
            o^{(t)} = c + V h^{(t)}
            """;

    @TempDir
    Path dir;

    @Test
    void warningsPrintWithTheLineAndCaretAndTheCommandGoesOn() throws IOException {
        Path cell = dir.resolve("rnn.rnn");
        Files.writeString(cell, UNREAD_OUTPUT_LAYER);
        for (String command : new String[] {"check", "show", "gradcheck"}) {
            TrainCommandTest.Result r = TrainCommandTest.rnnc(command, cell.toString());
            assertEquals(0, r.status(), command + ": " + r.err());
            assertTrue(r.err().contains(cell + ":3:1: warning: `o` is computed but nothing reads it\n"
                    + "    o^{(t)} = c + V h^{(t)}\n"
                    + "    ^~~~~~~\n"), command + ": " + r.err());
            assertTrue(r.err().contains("warning: parameter `V` reaches no output"), r.err());
        }
    }
}
