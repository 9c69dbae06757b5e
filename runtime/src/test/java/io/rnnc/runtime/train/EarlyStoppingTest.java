package io.rnnc.runtime.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class EarlyStoppingTest {
    @Test
    void stopsAfterPatienceEvaluationsWithoutImprovement() {
        EarlyStopping e = new EarlyStopping(2);
        assertTrue(e.observe(100, 1.0));
        assertTrue(e.observe(200, 0.5));
        assertFalse(e.observe(300, 0.5), "equal is not better");
        assertFalse(e.exhausted());
        assertFalse(e.observe(400, Double.NaN));
        assertTrue(e.exhausted());
        assertEquals(200, e.bestStep());
        assertEquals(0.5, e.bestLoss());
        assertEquals(2, e.sinceBest());
    }

    @Test
    void aPatienceOfZeroNeverStops() {
        EarlyStopping e = new EarlyStopping(0);
        e.observe(1, 1);
        for (int i = 2; i < 10; i++) {
            e.observe(i, 2);
        }
        assertFalse(e.exhausted());
        assertEquals(1, e.bestStep());
    }
}
