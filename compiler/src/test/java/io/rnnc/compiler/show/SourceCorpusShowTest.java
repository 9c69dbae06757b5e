package io.rnnc.compiler.show;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.rnnc.compiler.Frontend;
import io.rnnc.compiler.SourceCorpus;
import io.rnnc.compiler.check.TypedCell;
import io.rnnc.compiler.diag.DiagnosticPrinter;
import io.rnnc.compiler.source.Source;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The cells of well-known sources, copied as each source typesets them, in LaTeX and in the
 * Unicode a rendered page gives: both spellings of a source must print, with `rnnc show`, the
 * roles and shapes in `sources/NAME.show`, byte for byte. The warnings a file gets are in
 * `sources/NAME.SPELLING.diagnostics`; a file without one must check without any.
 *
 * <p>After an intended change, regenerate the goldens and review the diff:
 * {@code mvn -pl compiler -am test -Dtest=SourceCorpusShowTest -Drnnc.updateGoldens=true
 * -Dsurefire.failIfNoSpecifiedTests=false}, which writes `src/test/resources/sources/` (relative
 * to the compiler module) from the LaTeX spellings.
 */
class SourceCorpusShowTest {
    private static final boolean UPDATE = Boolean.getBoolean("rnnc.updateGoldens");
    private static final Path SOURCES = Path.of("src", "test", "resources", "sources");

    @Test
    void theCorpusHoldsTheSourcesTheLanguageIsTriedOn() {
        assertTrue(SourceCorpus.sources().containsAll(List.of("ba2016_layer_normalization", "cho2014_rnn_encoder_decoder",
                "goodfellow2016_deep_learning_ch10", "graves2013_generating_sequences", "jozefowicz2015_empirical_exploration",
                "li2018_indrnn", "olah2015_understanding_lstm_networks", "pytorch_docs_recurrent_layers",
                "wikipedia_gated_recurrent_unit", "wikipedia_long_short_term_memory", "zhang2023_dive_into_deep_learning")),
                SourceCorpus.sources()::toString);
    }

    @TestFactory
    Stream<DynamicTest> bothSpellingsShowTheGolden() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String source : SourceCorpus.sources()) {
            for (String spelling : SourceCorpus.SPELLINGS) {
                tests.add(dynamicTest(source + "." + spelling, () -> check(source, spelling)));
            }
        }
        return tests.stream();
    }

    private static void check(String source, String spelling) throws IOException {
        Path file = SourceCorpus.file(source, spelling);
        String name = file.getFileName().toString();
        Frontend.Result result = Frontend.check(Source.fromBytes(name, Files.readAllBytes(file)));
        String diagnostics = DiagnosticPrinter.format(result.diagnostics().sorted());
        assertTrue(result.ok(), diagnostics);
        compare(name.replaceAll("\\.rnn$", ".diagnostics"), diagnostics, true);
        compare(source + ".show", show(result.cells()), spelling.equals("latex"));
    }

    /** What `rnnc show` prints for a file's cells. */
    private static String show(List<TypedCell> cells) {
        StringBuilder out = new StringBuilder();
        for (TypedCell cell : cells) {
            out.append(out.length() == 0 ? "" : "\n").append(CellPrinter.print(cell));
        }
        return out.toString();
    }

    /** {@code actual} against the golden {@code name}; no golden file stands for an empty text. */
    private static void compare(String name, String actual, boolean writes) throws IOException {
        if (UPDATE && writes) {
            if (actual.isEmpty()) {
                Files.deleteIfExists(SOURCES.resolve(name));
            } else {
                Files.writeString(SOURCES.resolve(name), actual, StandardCharsets.UTF_8);
            }
            return;
        }
        Path golden = SourceCorpus.directory().resolve(name);
        String expected = Files.exists(golden) ? Files.readString(golden, StandardCharsets.UTF_8) : "";
        assertEquals(expected, actual, name);
    }
}
