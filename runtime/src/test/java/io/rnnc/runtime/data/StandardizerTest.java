package io.rnnc.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class StandardizerTest {
    @Test
    void eachFeatureGetsMeanZeroAndDeviationOne() {
        double[][] rows = {{1000, 5, 7}, {1300, 15, 7}, {700, 10, 7}};
        Standardizer s = Standardizer.fit(rows);
        assertArrayEquals(new double[] {1000, 10, 7}, s.mean(), 1e-12);
        assertEquals(Math.sqrt(60000), s.scale(0), 1e-9);
        assertEquals(1, s.scale(2), "a feature that never changes keeps a scale of 1");
        assertArrayEquals(new double[] {Math.sqrt(1.5), Math.sqrt(1.5), 0}, s.apply(rows[1]), 1e-12);
        assertEquals(1300, s.original(0, s.apply(rows[1])[0]), 1e-9);
    }

    @Test
    void itsJsonReadsBack() {
        Standardizer s = Standardizer.fit(new double[][] {{1, 2}, {3, 5}});
        Standardizer back = Standardizer.fromJson(s.toJson(), "c");
        assertArrayEquals(s.mean(), back.mean());
        assertArrayEquals(s.scale(), back.scale());
        assertEquals("c: holds no standardisation of the data (missing fields)",
                assertThrows(DataException.class, () -> Standardizer.fromJson("{}", "c")).getMessage());
    }
}
