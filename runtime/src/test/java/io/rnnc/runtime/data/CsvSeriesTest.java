package io.rnnc.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class CsvSeriesTest {
    @Test
    void readsHeaderAndRowsSkippingBlankLines() {
        CsvSeries s = CsvSeries.parse("a, b\n1,2\n\n3.5,-4e-1\n", "s.csv");
        assertEquals(List.of("a", "b"), s.columns());
        assertArrayEquals(new double[] {3.5, -0.4}, s.rows()[1]);
        assertEquals(1, s.column("b", "s.csv"));
    }

    @Test
    void errorsNameTheFileLineAndColumn() {
        assertEquals("s.csv:3: `x` in column `b` is not a finite number",
                assertThrows(DataException.class, () -> CsvSeries.parse("a,b\n1,2\n3,x\n", "s.csv")).getMessage());
        assertEquals("s.csv:2: has 3 values, but the header names 2 columns",
                assertThrows(DataException.class, () -> CsvSeries.parse("a,b\n1,2,3\n", "s.csv")).getMessage());
        assertEquals("s.csv: has no column `c`; its columns are a, b",
                assertThrows(DataException.class, () -> CsvSeries.parse("a,b\n1,2\n", "s.csv").column("c", "s.csv"))
                        .getMessage());
        assertEquals("s.csv:2: `NaN` in column `a` is not a finite number",
                assertThrows(DataException.class, () -> CsvSeries.parse("a\nNaN\n", "s.csv")).getMessage());
    }
}
