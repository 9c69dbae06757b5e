package io.rnnc.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NumberSequencesTest {
    @Test
    void stepsBySpacesFeaturesByCommas() {
        assertTrue(NumberSequences.is("0.5,1 0.25,0  1e-3,0"));
        assertArrayEquals(new double[][] {{0.5, 1}, {0.25, 0}, {1e-3, 0}},
                NumberSequences.parse("0.5,1 0.25,0  1e-3,0", 2, "a.tsv:1"));
        assertFalse(NumberSequences.is("the cat"));
        assertFalse(NumberSequences.is("1,2 3"), "steps of different widths");
        assertFalse(NumberSequences.is("1 NaN"));
    }

    @Test
    void errorsSayWhereAndWhat() {
        assertEquals("a.tsv:4: step 2 (`3`) has 1 feature, but the data has 2 per step",
                assertThrows(DataException.class, () -> NumberSequences.parse("1,2 3", 2, "a.tsv:4")).getMessage());
        assertEquals("a.tsv:4: `x` in step 1 is not a finite number",
                assertThrows(DataException.class, () -> NumberSequences.parse("x", 1, "a.tsv:4")).getMessage());
    }
}
