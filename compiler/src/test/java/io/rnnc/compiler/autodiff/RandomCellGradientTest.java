package io.rnnc.compiler.autodiff;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rnnc.compiler.CellProgram;
import io.rnnc.compiler.TestCells;
import io.rnnc.compiler.check.TypedCell;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * The adjoint rules proved on random cells: random DAGs of every differentiable operation,
 * states read at random lags, all through the front end, lowering and autodiff, must agree
 * with central finite differences.
 */
class RandomCellGradientTest {

    @Property(tries = 150)
    void randomCellsPassGradcheck(@ForAll long seed) {
        String text = RandomCells.generate(seed);
        TypedCell cell = TestCells.check("random.rnn", text);
        Map<String, Double> report = GradientCheckSupport.check(cell, seed);
        report.forEach((tensor, err) ->
                assertTrue(err < 1e-6, "seed " + seed + ": " + tensor + " relative error " + err + "\n" + text));
    }

    /** The same with products stacked by operand, the form the compiled backends run. */
    @Property(tries = 100)
    void groupedRandomCellsPassGradcheck(@ForAll long seed) {
        String text = RandomCells.generate(seed);
        TypedCell cell = TestCells.check("random.rnn", text);
        Map<String, Double> report = GradientCheckSupport.check(CellProgram.grouped(cell), seed);
        report.forEach((tensor, err) ->
                assertTrue(err < 1e-6, "seed " + seed + ": " + tensor + " relative error " + err + "\n" + text));
    }
}
