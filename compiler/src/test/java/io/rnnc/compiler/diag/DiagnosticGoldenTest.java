package io.rnnc.compiler.diag;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.rnnc.compiler.Frontend;
import io.rnnc.compiler.source.Source;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * What `rnnc check` prints for mistakes, byte for byte: each `diagnostics/NAME.rnn` among the
 * test resources is checked, and its diagnostics as {@link DiagnosticPrinter} prints them must
 * equal `NAME.expected`. These texts are what users read, so a changed message shows up here
 * as a diff to review.
 *
 * <p>After an intended change, regenerate the goldens and review the diff:
 * {@code mvn -pl compiler test -Dtest=DiagnosticGoldenTest -Drnnc.updateGoldens=true}. This
 * writes `src/test/resources/diagnostics/*.expected` (relative to the compiler module).
 */
class DiagnosticGoldenTest {
    private static final boolean UPDATE = Boolean.getBoolean("rnnc.updateGoldens");
    /** Where regenerated goldens go; Maven runs tests in the module's directory. */
    private static final Path SOURCES = Path.of("src", "test", "resources", "diagnostics");

    @TestFactory
    Stream<DynamicTest> everyInputPrintsItsGolden() throws IOException {
        return inputs().stream().map(input -> dynamicTest(input.getFileName().toString(), () -> check(input)));
    }

    @Test
    void goldensCoverManyDiagnostics() throws IOException {
        assertTrue(inputs().size() >= 30, "the suite covers at least 30 distinct diagnostics");
    }

    @Test
    void everyGoldenHasItsInput() throws IOException {
        try (Stream<Path> files = Files.list(resources())) {
            for (Path expected : files.filter(p -> p.toString().endsWith(".expected")).toList()) {
                String input = expected.getFileName().toString().replaceAll("\\.expected$", ".rnn");
                assertTrue(Files.exists(expected.resolveSibling(input)), () -> expected + " has no " + input);
            }
        }
    }

    private static void check(Path input) throws IOException {
        String name = input.getFileName().toString();
        // Named without its directory, so that goldens do not depend on where the build runs.
        Frontend.Result result = Frontend.check(Source.fromBytes(name, Files.readAllBytes(input)));
        String actual = DiagnosticPrinter.format(result.diagnostics().sorted());
        assertFalse(actual.isEmpty(), name + " should produce a diagnostic");
        String goldenName = name.replaceAll("\\.rnn$", ".expected");
        if (UPDATE) {
            Files.writeString(SOURCES.resolve(goldenName), actual, StandardCharsets.UTF_8);
            return;
        }
        Path golden = input.resolveSibling(goldenName);
        assertTrue(Files.exists(golden), () -> goldenName + " is missing; run with -Drnnc.updateGoldens=true");
        String expected = Files.readString(golden, StandardCharsets.UTF_8).replace("\r\n", "\n");
        assertEquals(expected, actual, name);
    }

    private static List<Path> inputs() throws IOException {
        try (Stream<Path> files = Files.list(resources())) {
            return files.filter(p -> p.toString().endsWith(".rnn")).sorted().toList();
        }
    }

    private static Path resources() {
        try {
            return Path.of(DiagnosticGoldenTest.class.getResource("/diagnostics").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
