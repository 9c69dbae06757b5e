package io.rnnc.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Seeds' curves become their mean with a band of one standard deviation. */
class SeedSpreadTest {
    @Test
    void meanAndStandardDeviationAtTheStepsEveryRunLogged() {
        Series a = Series.of("1", new double[] {0, 10, 20, 30}, new double[] {3, 2, 1, 0.5});
        Series b = Series.of("2", new double[] {0, 10, 20}, new double[] {5, 2, 2});
        Series c = Series.of("3", new double[] {0, 10, 20}, new double[] {4, 2, 3});
        Series mean = SeedSpread.of("lstm", List.of(a, b, c));
        assertArrayEquals(new double[] {0, 10, 20}, mean.x());
        assertArrayEquals(new double[] {4, 2, 2}, mean.y(), 1e-12);
        // Sample standard deviations: 1, 0, 1.
        assertArrayEquals(new double[] {3, 2, 1}, mean.lower(), 1e-12);
        assertArrayEquals(new double[] {5, 2, 3}, mean.upper(), 1e-12);
    }

    @Test
    void aDivergedRunIsLeftOutOfThatStepsMean() {
        Series a = Series.of("1", new double[] {0, 1}, new double[] {1, Double.NaN});
        Series b = Series.of("2", new double[] {0, 1}, new double[] {3, 2});
        Series mean = SeedSpread.of("gru", List.of(a, b));
        assertArrayEquals(new double[] {2, 2}, mean.y(), 1e-12);
        assertArrayEquals(new double[] {2 - Math.sqrt(2), 2}, mean.lower(), 1e-12);
    }

    @Test
    void oneRunIsItsOwnCurveWithoutABand() {
        Series only = Series.of("1", new double[] {0, 1}, new double[] {1, 2});
        Series same = SeedSpread.of("rnn", List.of(only));
        assertFalse(same.hasBand());
        assertArrayEquals(only.y(), same.y());
        assertTrue(SeedSpread.of("two", List.of(only, only)).hasBand());
    }
}
