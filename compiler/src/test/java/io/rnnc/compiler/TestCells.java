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

    /**
     * A chain of {@code gates} sigmoid gates, each an elementwise function of the one before:
     * one long run of elementwise nodes a step, forward and backward, as large as wanted.
     */
    public static String gateChain(int gates) {
        return gateChain(gates, false);
    }

    /** The same; {@code centred}: the last gate's mean is subtracted before the output's tanh, a reduction after the run. */
    public static String gateChain(int gates, boolean centred) {
        StringBuilder text = new StringBuilder("cell Chain {\n  v0_t = tanh(W x_t + U h_{t-1} + b)\n");
        for (int k = 1; k <= gates; k++) {
            text.append("  v").append(k).append("_t = σ(a_{").append(k).append("} ⊙ v").append(k - 1).append("_t + c_{")
                    .append(k).append("}) ⊙ v").append(k - 1).append("_t\n");
        }
        String last = "v" + gates + "_t";
        return text.append("  h_t = tanh(").append(centred ? last + " - mean(" + last + ")" : last).append(")\n}\n")
                .toString();
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
