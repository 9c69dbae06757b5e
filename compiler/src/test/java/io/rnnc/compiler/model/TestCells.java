package io.rnnc.compiler.model;

import io.rnnc.compiler.Frontend;
import io.rnnc.compiler.check.TypedCell;
import io.rnnc.compiler.source.Source;

/** Small cells for the model tests. */
final class TestCells {
    /** A gated cell with two states, so that state carrying and gates both matter. */
    static final String GATED = """
            f_t = σ(W_f·[h_{t-1}, x_t] + b_f)
            c_t = f_t * c_{t-1} + (1 - f_t) * tanh(W_c·[h_{t-1}, x_t] + b_c)
            h_t = tanh(c_t)
            """;

    private TestCells() {
    }

    static TypedCell check(String text) {
        Frontend.Result r = Frontend.check(new Source("test.rnn", text));
        if (!r.ok()) {
            throw new AssertionError(r.diagnostics().sorted().toString());
        }
        return r.cells().get(0);
    }
}
