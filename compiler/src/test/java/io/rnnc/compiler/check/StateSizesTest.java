package io.rnnc.compiler.check;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.rnnc.compiler.TestCells;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A state has the size its equations give it: H where nothing says otherwise, a size parameter
 * or the input size where a declaration fixes one.
 */
class StateSizesTest {

    private static Map<String, String> stateSizes(TypedCell c) {
        Map<String, String> out = new LinkedHashMap<>();
        c.states().forEach(s -> out.put(s.name(), s.size().toString()));
        return out;
    }

    @Test
    void aProjectionGivesTheOutputStateItsOwnSize() {
        TypedCell c = TestCells.check("""
                cell LSTMP {
                  i_t = σ(W_i x_t + U_i h_{t-1} + b_i)
                  f_t = σ(W_f x_t + U_f h_{t-1} + b_f)
                  g_t = tanh(W_g x_t + U_g h_{t-1} + b_g)
                  o_t = σ(W_o x_t + U_o h_{t-1} + b_o)
                  c_t = f_t ⊙ c_{t-1} + i_t ⊙ g_t
                  h_t = W_hr (o_t ⊙ tanh(c_t))
                  param W_hr : [P, H]
                }
                """);
        assertEquals(Map.of("c", "H", "h", "P"), stateSizes(c));
        assertEquals("[H, P]", c.param("U_i").shapeString());
        assertEquals(List.of("P"), c.sizeParams());
    }

    @Test
    void statesNothingFixesHaveTheHiddenSize() {
        TypedCell c = TestCells.check(TestCells.GATED);
        assertEquals(Map.of("c", "H", "h", "H"), stateSizes(c));
        assertEquals("[H, H+X]", c.param("W_f").shapeString());
    }

    @Test
    void theInputAddedToAStateGivesWayToTheHiddenSize() {
        TypedCell c = TestCells.check("h_t = tanh(U h_{t-1} + x_t)\ninput x\n");
        assertEquals(Map.of("h", "H"), stateSizes(c));
        assertEquals("H", c.inputSize().toString());
    }

    @Test
    void aDeclarationCanGiveAStateTheInputSize() {
        TypedCell c = TestCells.check("""
                cell Delay {
                  p_t = x_t
                  h_t = tanh(W x_t + V p_{t-1} + U h_{t-1} + b)
                  param V : [H, X]
                }
                """);
        assertEquals(Map.of("p", "X", "h", "H"), stateSizes(c));
        assertEquals("X", c.inputSize().toString());
    }

    @Test
    void anOutputFedBackHasTheOutputsSize() {
        TypedCell c = TestCells.check("""
                cell Jordan {
                  h_t = tanh(W_h x_t + U_h y_{t-1} + b_h)
                  y_t = σ(W_y h_t + b_y)
                  param W_y : [Y, H]
                }
                """);
        assertEquals(Map.of("y", "Y"), stateSizes(c));
        assertEquals("[H, Y]", c.param("U_h").shapeString());
    }
}
