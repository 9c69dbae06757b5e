package io.rnnc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * `rnnc show --latex` (the forward equations) and `show --grad --latex` (the backward ones) of
 * cells in each notation, byte for byte against `src/test/resources/golden/latex/`
 * ({@code -Drnnc.updateGoldens=true} rewrites them). That the LaTeX typesets is
 * ReportInBrowserTest's part.
 */
class ShowLatexTest {
    private static final Path GOLDENS = Goldens.ROOT.resolve("latex");

    @ParameterizedTest
    @ValueSource(strings = {"stdlib:lstm", "stdlib:gru", "samples/cells/mut1.rnn", "samples/cells/peephole_lstm.rnn",
        "compiler/src/test/resources/seeds/seed000_elman.rnn", "compiler/src/test/resources/seeds/seed001_row_vectors.rnn",
        "compiler/src/test/resources/seeds/seed004_gru.rnn"})
    void latexMatchesGolden(String cell) throws IOException {
        String file = cell.startsWith("stdlib:") ? cell : Path.of("..", cell).toString();
        String name = Path.of(cell.replace("stdlib:", "")).getFileName().toString().replace(".rnn", "");
        TrainCommandTest.Result forward = TrainCommandTest.rnnc("show", "--latex", file);
        assertEquals(0, forward.status(), forward.err());
        assertTrue(forward.out().contains("\\begin{aligned}"), forward.out());
        Goldens.check(GOLDENS.resolve(name + ".forward.tex"), forward.out());
        TrainCommandTest.Result backward = TrainCommandTest.rnnc("show", "--grad", "--latex", file);
        assertEquals(0, backward.status(), backward.err());
        Goldens.check(GOLDENS.resolve(name + ".backward.tex"), backward.out());
    }
}
