package io.rnnc.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rnnc.compiler.check.TypedCell;
import io.rnnc.compiler.diag.Diagnostic;
import io.rnnc.compiler.diag.DiagnosticPrinter;
import io.rnnc.compiler.diag.Diagnostics;
import io.rnnc.compiler.diag.Severity;
import io.rnnc.compiler.show.CellPrinter;
import io.rnnc.compiler.source.Source;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * Whatever a user feeds `rnnc check`, the front end answers with diagnostics or cells, never
 * an exception: random bytes, soups of the language's own tokens, and damaged copies of the
 * seed and stdlib cells. Each answer must also print, and every span must lie in the file.
 */
class FrontendFuzzTest {
    /** The pieces of the notation, so that random sequences reach deep into the parser and checker. */
    static final List<String> ALPHABET = List.of(
            "h", "x", "W", "U", "b", "W_f", "b_i", "C", "y", "ŷ", "Γ_u", "c̃", "σ", "φ", "g", "e", "t", "a",
            "tanh", "softmax", "sum", "max", "relu", "identity", "orthogonal",
            "input ", "state ", "output ", "hidden ", "param ", "init ", "cell X {", "cell ", "}",
            "_t", "_{t-1}", "_{t+1}", "_{t-k}", "_{t-99999999999}", "_{}", "_{aa}", "_", "^",
            "^{<t>}", "^{<t-1>}", "^{t-1}", "^2", "^{-1}", "^{n}", "<sub>t</sub>", "<sup>t-1</sup>", "<sub>", "</sup>",
            "\\tilde{", "\\hat{", "\\mathbf{", "\\sigma", "\\tanh", "\\cdot", "\\odot", "\\ast", "\\frac{", "\\Gamma",
            "\\begin{aligned}", "\\end{aligned}", "\\\\", "&=", "$$", "\\foo", "\\left(", "\\right)",
            "+", "-", "*", "/", "·", "⊙", "∘", "@", "−", "÷", "=", ":", ",", ";", "<", ">",
            "(", ")", "[", "]", "{", "}", "[H, X]", "[2H+1]", "[]", "[H, X, 2]", "[99999999999]", "param W : [H, H]\n",
            "init W = identity\n", "input x\n", "state h, c\n", "output y\n", "φ = tanh\n", "f(a) = a ⊙ a\n",
            "W_a[a^{t-1}, x^{<t>}] = W_{aa}a^{t-1} + W_{ax}x^{<t>}\n",
            "1", "0.5", "1e3", ".5", "99999999999",
            " ", " ", " ", "\n", "\n", "\r\n", "\t", "# note\n", "// note\n", "% note\n",
            "α", "Γ", "ϕ", "ϵ", "\u0303", "\u0302", "\u20d7", "×", "'", "\u0000", "\ufffd", "\ud83d\ude00", "\u00a0",
            // What papers and pages write (README, "Notation from papers and pages").
            "\\sum_{i=1}^{D}", "\\sum_j", "\\frac{1}{D}", "_{n,t}", "_{i,j}", "]_j", "^{(1)}", "^{(t)}", "^(t)", "^T", "^\\top",
            "ᵀ", "ₜ₋₁", "⁽ᵗ⁾", "ₙ", "²", "′", "h'", "\\begin{pmatrix}", "\\end{pmatrix}", "\\begin{array}{ll}", "{\\displaystyle ",
            "\\qquad", "(10.8)", "\\tag{1}", ",", ".", "LN(z; α, β)", "\\langle", "\\rangle", "⟨", "param W : diag\n",
            "h_{t+1}", "x_{t+1}", "𝐖", "𝐱", "ℎ", "–", "—", "\\mathrm{sigm}", "\\text{", "\\tilde c", "{\\tilde{c}}_t", "(a; b)",
            "f[", "swish", "μ = mean(z)\n");

    private static final List<String> CORPUS = corpus();

    @Property(tries = 2000)
    void randomBytesEndInDiagnosticsOrCells(@ForAll @Size(max = 300) byte[] bytes) {
        survivesShort(bytes);
    }

    @Property(tries = 3000)
    void tokenSoupsEndInDiagnosticsOrCells(@ForAll("tokenSoup") String text) {
        survivesShort(text.getBytes(StandardCharsets.UTF_8));
    }

    @Property(tries = 3000)
    void damagedCellsEndInDiagnosticsOrCells(@ForAll("damagedCell") String text) {
        survivesShort(text.getBytes(StandardCharsets.UTF_8));
    }

    @Example
    void everyCorpusCellChecksUndamaged() {
        for (String text : CORPUS) {
            Frontend.Result r = Frontend.check(new Source("corpus.rnn", text));
            assertTrue(r.ok(), () -> DiagnosticPrinter.format(r.diagnostics().sorted()));
        }
    }

    @Example
    void hugeFileIsOneCleanError() {
        String line = "h_t = tanh(W x_t + U h_{t-1} + b)\n";
        String text = line.repeat((2 << 20) / line.length() + 1);
        Frontend.Result r = survives(text.getBytes(StandardCharsets.UTF_8));
        assertEquals(1, r.diagnostics().sorted().size());
        assertTrue(r.diagnostics().sorted().get(0).message().startsWith("file is too large"));
    }

    @Example
    void hugeSingleLineIsPrintedShort() {
        Frontend.Result r = survives("h".repeat(2 << 20).getBytes(StandardCharsets.UTF_8));
        assertEquals(1, r.diagnostics().sorted().size());
        assertTrue(DiagnosticPrinter.format(r.diagnostics().sorted()).length() < 1000,
                "the source line is cut around the caret");
    }

    @Example
    void deepNestingIsOneCleanError() {
        String text = "h_t = " + "(".repeat(10_000) + "x_t" + ")".repeat(10_000) + "\n";
        Frontend.Result r = survives(text.getBytes(StandardCharsets.UTF_8));
        assertEquals(1, r.diagnostics().errorCount());
        assertTrue(r.diagnostics().sorted().get(0).message().contains("nested"));
    }

    @Example
    void veryLongSumEndsCleanly() {
        String text = "y_t = x_t" + " + a".repeat(100_000) + "\n";
        Frontend.Result r = survives(text.getBytes(StandardCharsets.UTF_8));
        assertEquals(1, r.diagnostics().errorCount(), () -> DiagnosticPrinter.format(r.diagnostics().sorted()));
        assertTrue(r.diagnostics().sorted().get(0).message().contains("too long"));
    }

    /**
     * As {@link #survives}, for inputs far below the size limits: the front end turns a stack
     * overflow into an error, which would hide a recursion bug; a short input never needs it.
     */
    static void survivesShort(byte[] bytes) {
        Frontend.Result r = survives(bytes);
        assertTrue(r.diagnostics().sorted().stream().noneMatch(d -> d.message().contains("too deeply nested to check")),
                () -> DiagnosticPrinter.format(r.diagnostics().sorted()));
    }

    /** Checks, prints, and checks what a user would rely on in the answer. */
    static Frontend.Result survives(byte[] bytes) {
        Source source = Source.fromBytes("fuzz.rnn", bytes);
        Frontend.Result r = Frontend.check(source);
        List<Diagnostic> all = r.diagnostics().sorted();
        String printed = DiagnosticPrinter.format(all);
        for (Diagnostic d : all) {
            assertTrue(0 <= d.span().start() && d.span().start() <= d.span().end()
                    && d.span().end() <= source.length(), () -> "span outside the file: " + d);
            assertFalse(d.message().isBlank());
        }
        assertTrue(r.diagnostics().errorCount() <= Diagnostics.MAX_ERRORS);
        if (r.ok()) {
            assertFalse(r.cells().isEmpty(), "a file without errors has a cell");
            for (TypedCell cell : r.cells()) {
                assertFalse(CellPrinter.print(cell).isEmpty());
            }
        } else {
            assertTrue(printed.contains(": error: "));
        }
        assertEquals(all.stream().filter(d -> d.severity() == Severity.ERROR).count(), r.diagnostics().errorCount());
        return r;
    }

    @Provide
    Arbitrary<String> tokenSoup() {
        return Arbitraries.of(ALPHABET).list().ofMaxSize(80).map(parts -> String.join("", parts));
    }

    @Provide
    Arbitrary<String> damagedCell() {
        Arbitrary<Mutation> mutation = Combinators.combine(Arbitraries.integers().between(0, 4),
                        Arbitraries.integers().between(0, 1 << 16), Arbitraries.integers().between(1, 40),
                        Arbitraries.of(ALPHABET))
                .as(Mutation::new);
        return Combinators.combine(Arbitraries.of(CORPUS), mutation.list().ofMinSize(1).ofMaxSize(5))
                .as((text, mutations) -> {
                    String s = text;
                    for (Mutation m : mutations) {
                        s = m.apply(s);
                    }
                    return s;
                });
    }

    /** One edit of a text, at a position taken modulo its length (in code points). */
    private record Mutation(int kind, int at, int length, String fragment) {
        String apply(String text) {
            int[] cps = text.codePoints().toArray();
            int n = cps.length;
            if (n == 0) {
                return fragment;
            }
            int i = at % n;
            int j = Math.min(n, i + length);
            String before = new String(cps, 0, i);
            String span = new String(cps, i, j - i);
            String after = new String(cps, j, n - j);
            return switch (kind) {
                case 0 -> before + after;
                case 1 -> before + fragment + span + after;
                case 2 -> before + fragment + after;
                case 3 -> before;
                default -> {
                    // Swap the chunk with the one after it.
                    int k = Math.min(n, j + length);
                    yield before + new String(cps, j, k - j) + span + new String(cps, k, n - k);
                }
            };
        }
    }

    /** The seed cells, the stdlib cells (read from the stdlib module's sources) and the corpus of papers' cells. */
    static List<String> corpus() {
        List<String> texts = new ArrayList<>();
        for (String seed : List.of("seed000_elman.rnn", "seed001_row_vectors.rnn", "seed002_lstm.rnn",
                "seed004_gru.rnn", "seed004_lstm.rnn", "seed004_rnn.rnn")) {
            try (InputStream in = FrontendFuzzTest.class.getResourceAsStream("/seeds/" + seed)) {
                texts.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        Path stdlib = Path.of("..", "stdlib", "src", "main", "resources", "io", "rnnc", "stdlib");
        for (Path dir : List.of(stdlib, SourceCorpus.directory())) {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path p : files.filter(p -> p.toString().endsWith(".rnn")).sorted().toList()) {
                    // One cell a text: damaging a short text reaches as far as a long one, for less.
                    List<String> cells = List.of(Files.readString(p).split("\n(?=cell )"));
                    texts.addAll(cells.size() == 1 ? cells : cells.subList(1, cells.size()));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return List.copyOf(texts);
    }
}
