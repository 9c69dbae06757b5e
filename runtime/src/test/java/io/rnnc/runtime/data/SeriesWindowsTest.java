package io.rnnc.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Windows of a series: overlapping by the stride, each step's targets the next values up to the horizon. */
class SeriesWindowsTest {
    private static final double[][] ROWS = new double[10][];
    private static final double[][] TARGETS = new double[10][];

    static {
        for (int i = 0; i < 10; i++) {
            ROWS[i] = new double[] {i, -i};
            TARGETS[i] = new double[] {10 * i};
        }
    }

    @Test
    void trainingWindowsOverlapAndKeepTheirTargetsInsideTheTrainingRows() {
        SeriesWindows w = SeriesWindows.training(ROWS, TARGETS, 4, 1, 2, 7);
        // Windows start at 0, 1, 2: the last step of the last one (row 5) forecasts rows 6 and 7.
        assertEquals(3, w.size());
        Batch b = w.batch(new int[] {2});
        assertArrayEquals(new double[] {2, -2}, b.x()[0][0]);
        assertArrayEquals(new double[] {60, 70}, ((Targets.StepValues) b.targets()).values()[3][0]);
        assertEquals(2, SeriesWindows.training(ROWS, TARGETS, 4, 2, 2, 7).size(), "a stride of 2 starts at 0 and 2");
    }

    @Test
    void aSeriesShorterThanAWindowGivesOneShorterWindow() {
        SeriesWindows w = SeriesWindows.training(ROWS, TARGETS, 20, 1, 1, 9);
        assertEquals(1, w.size());
        assertArrayEquals(new int[] {9}, w.batch(new int[] {0}).lengths());
    }

    @Test
    void eachOriginGetsAWindowEndingThere() {
        SeriesWindows w = SeriesWindows.origins(ROWS, TARGETS, 3, 1, 1, 8);
        assertEquals(8, w.size());
        Batch b = w.batch(new int[] {0, 5});
        assertArrayEquals(new int[] {2, 3}, b.lengths(), "the first origin has only two rows behind it");
        assertArrayEquals(new double[] {4, -4}, b.x()[0][1]);
        assertArrayEquals(new double[] {70}, w.expected(6));
        assertArrayEquals(new double[] {0, 0}, SeriesWindows.origins(ROWS, TARGETS, 3, 2, 9, 9).expected(9),
                "beyond the series' end: zeros");
    }
}
