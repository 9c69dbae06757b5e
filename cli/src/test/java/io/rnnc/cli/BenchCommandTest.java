package io.rnnc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * `rnnc bench` says how many threads it used and how it cut the work, byte for byte against
 * a golden file (`-Drnnc.updateGoldens=true` rewrites it, as for {@link ShowPlanTest}).
 */
class BenchCommandTest {
    private static final boolean UPDATE = Boolean.getBoolean("rnnc.updateGoldens");
    private static final Path GOLDEN = Path.of("src", "test", "resources", "golden", "bench", "lstm-threads.txt");

    @Test
    void printsTheThreadsAndHowTheWorkWasCut() throws IOException {
        TrainCommandTest.Result r = TrainCommandTest.rnnc("bench", "--cell", "stdlib:lstm", "--input", "256", "--hidden",
                "256", "--steps", "6", "--batch", "64", "--threads", "2", "--warmup", "0", "--warmup-seconds", "0",
                "--repeat", "1");
        assertEquals(0, r.status(), r.err());
        String out = r.out();
        int from = out.indexOf("threads:");
        int to = out.indexOf("train_ms=");
        assertTrue(from >= 0 && to > from, out);
        String split = out.substring(from, to);
        if (UPDATE) {
            Files.writeString(GOLDEN, split, StandardCharsets.UTF_8);
        }
        assertTrue(Files.exists(GOLDEN), () -> GOLDEN + " is missing; run with -Drnnc.updateGoldens=true");
        assertEquals(Files.readString(GOLDEN, StandardCharsets.UTF_8), split);
    }
}
