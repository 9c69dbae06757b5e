package io.rnnc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What `rnnc show --plan` prints for the stdlib cells and the sample custom cells, byte for
 * byte: which products are stacked and hoisted, what each fused loop computes, what is saved.
 * A scheduling change shows up here as a diff to review.
 *
 * <p>After an intended change, regenerate the goldens and review the diff:
 * {@code mvn -pl cli test -Dtest=ShowPlanTest -Drnnc.updateGoldens=true}, which writes
 * `src/test/resources/golden/plan/*.plan` (relative to the cli module).
 */
class ShowPlanTest {
    private static final Path GOLDENS = Goldens.ROOT.resolve("plan");
    /** Maven runs tests in the module's directory; the samples are in the repository's. */
    private static final Path SAMPLES = Path.of("..", "samples", "cells");

    @ParameterizedTest
    @ValueSource(strings = {"stdlib:lstm", "stdlib:gru", "stdlib:rnn_tanh", "stdlib:indrnn", "mut1", "peephole_lstm"})
    void planMatchesGolden(String cell) throws IOException {
        String name = cell.replace("stdlib:", "");
        String file = cell.startsWith("stdlib:") ? cell : SAMPLES.resolve(name + ".rnn").toString();
        TrainCommandTest.Result r = TrainCommandTest.rnnc("show", "--plan", file);
        assertEquals(0, r.status(), r.err());
        Goldens.check(GOLDENS.resolve(name + ".plan"), r.out());
    }
}
