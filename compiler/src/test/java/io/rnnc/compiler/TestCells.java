package io.rnnc.compiler;

import io.rnnc.compiler.check.TypedCell;
import io.rnnc.compiler.diag.DiagnosticPrinter;
import io.rnnc.compiler.source.Source;

/** Cells for tests: checked from text, and a small gated cell for the model tests. */
public final class TestCells {
    /** A gated cell with two states, so that state carrying and gates both matter. */
    public static final String GATED = """
            f_t = σ(W_f·[h_{t-1}, x_t] + b_f)
            c_t = f_t * c_{t-1} + (1 - f_t) * tanh(W_c·[h_{t-1}, x_t] + b_c)
            h_t = tanh(c_t)
            """;

    private TestCells() {
    }

    /** The first cell of {@code text}, checked; a failed check fails the test with the diagnostics. */
    public static TypedCell check(String name, String text) {
        Frontend.Result r = Frontend.check(new Source(name, text));
        if (!r.ok()) {
            throw new AssertionError(DiagnosticPrinter.format(r.diagnostics().sorted()));
        }
        return r.cells().get(0);
    }

    /** The same for a cell named `test.rnn`. */
    public static TypedCell check(String text) {
        return check("test.rnn", text);
    }
}
