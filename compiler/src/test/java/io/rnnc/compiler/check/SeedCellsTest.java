package io.rnnc.compiler.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rnnc.compiler.Frontend;
import io.rnnc.compiler.diag.DiagnosticPrinter;
import io.rnnc.compiler.source.Source;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The equation blocks of the seed notes, copied verbatim (LaTeX, HTML subscripts and slips
 * included), check as cells, and rnnc understands them as the notes mean them.
 */
class SeedCellsTest {

    static TypedCell checkResource(String name) throws IOException {
        try (InputStream in = SeedCellsTest.class.getResourceAsStream("/seeds/" + name)) {
            assertNotNull(in, name);
            Frontend.Result r = Frontend.check(Source.fromBytes(name, in.readAllBytes()));
            assertTrue(r.ok(), () -> DiagnosticPrinter.format(r.diagnostics().sorted()));
            assertEquals(1, r.cells().size());
            return r.cells().get(0);
        }
    }

    private static String shape(TypedCell c, String param) {
        TypedCell.Param p = c.param(param);
        assertNotNull(p, () -> param + " is not a parameter of " + c.name());
        return p.shapeString();
    }

    private static List<String> states(TypedCell c) {
        return c.states().stream().map(TypedCell.State::name).toList();
    }

    @Test
    void seed000ElmanWithOutputHasAFreeOutputSize() throws IOException {
        TypedCell c = checkResource("seed000_elman.rnn");
        assertEquals("x", c.input());
        assertEquals(List.of("h"), states(c));
        assertEquals("y", c.output());
        assertEquals("[H, X]", shape(c, "W_h"));
        assertEquals("[H, H]", shape(c, "U_h"));
        assertEquals("[Y, H]", shape(c, "W_y"));
        assertEquals("[Y]", shape(c, "b_y"));
        assertEquals(List.of("Y"), c.sizeParams());
    }

    @Test
    void seed001RowVectorsStoreMatricesInputByOutput() throws IOException {
        TypedCell c = checkResource("seed001_row_vectors.rnn");
        assertEquals("x̄", c.input());
        assertEquals(List.of("s̄"), states(c));
        assertEquals("ȳ", c.output());
        assertEquals("[X, H]", shape(c, "W_x"));
        assertEquals("[H, H]", shape(c, "W_s"));
        assertEquals("[H, Y]", shape(c, "W_y"));
    }

    @Test
    void seed002LstmSharesBiasAndHasNoTanhOnOutput() throws IOException {
        TypedCell c = checkResource("seed002_lstm.rnn");
        assertEquals(List.of("C", "h"), states(c));
        assertEquals("h", c.output());
        for (String w : List.of("W_f", "W_i", "W_C", "W_o")) {
            assertEquals("[H, H+X]", shape(c, w));
        }
        assertEquals("[H]", shape(c, "b_i"));
        assertEquals(null, c.param("b_C"), "the candidate reuses b_i as the notes write it");
        TExpr h = c.value("h").expr();
        assertTrue(h instanceof TExpr.Arith a && a.right() instanceof TExpr.Read r && r.name().equals("C"),
                "h_t = o_t * (C_t): no tanh");
        assertNotNull(c.value("C̃"), "\\tilde{C_t} is the value C̃");
    }

    @Test
    void seed004NetworkReadsTheBlockIdentityAndOutputsYHat() throws IOException {
        TypedCell c = checkResource("seed004_rnn.rnn");
        assertEquals(List.of("a"), states(c));
        assertEquals("ŷ", c.output());
        assertEquals("[H, H+X]", shape(c, "W_a"));
        assertEquals("[Y, H]", shape(c, "W_ya"));
        assertEquals(2, c.views().size());
        TypedCell.View aa = c.views().get(0);
        TypedCell.View ax = c.views().get(1);
        assertEquals(List.of("W_aa", "W_a", "0", "H"), List.of(aa.alias(), aa.param(), aa.offset().toString(), aa.width().toString()));
        assertEquals(List.of("W_ax", "W_a", "H", "X"), List.of(ax.alias(), ax.param(), ax.offset().toString(), ax.width().toString()));
    }

    @Test
    void seed004GruGatesTheStateBeforeTheProduct() throws IOException {
        TypedCell c = checkResource("seed004_gru.rnn");
        assertEquals(List.of("c"), states(c));
        assertEquals("a", c.output());
        assertEquals("[H, H+X]", shape(c, "W_c"));
        TExpr candidate = ((TExpr.Call) c.value("c̃").expr()).args().get(0);
        TExpr.MatVec product = (TExpr.MatVec) ((TExpr.Arith) candidate).left();
        TExpr.Concat operand = (TExpr.Concat) product.operand();
        assertTrue(operand.parts().get(0) instanceof TExpr.Arith gated && gated.op() == io.rnnc.compiler.ast.Expr.BinaryOp.MUL,
                "Γ_r * c^{<t-1>} inside the concatenation");
        assertTrue(c.value("c").expr() instanceof TExpr.Arith sum
                        && sum.right() instanceof TExpr.Arith juxtaposed && juxtaposed.op() == io.rnnc.compiler.ast.Expr.BinaryOp.MUL,
                "(1-Γ_u)c^{<t-1>} is elementwise");
    }

    @Test
    void seed004LstmHasTwoStates() throws IOException {
        TypedCell c = checkResource("seed004_lstm.rnn");
        assertEquals(List.of("c", "a"), states(c));
        assertEquals("a", c.output());
        assertEquals(8, c.params().size());
    }
}
