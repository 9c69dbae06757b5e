package io.rnnc.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.rnnc.runtime.Remedy;
import java.util.List;
import org.junit.jupiter.api.Test;

/** CSV as pandas and spreadsheets write it, read into a time series; errors name the file, line and column. */
class CsvTableTest {
    /** pandas' {@code to_csv(quoting=csv.QUOTE_NONNUMERIC)}: quoted header, quoted timestamps, CRLF from Windows. */
    private static final String PANDAS = "\"date\",\"temp\",\"load\"\r\n\"2024-01-01 00:00:00\",3.5,812.25\r\n"
            + "\"2024-01-01 01:00:00\",-1.0,790\r\n\r\n\"2024-01-01 02:00:00\",2e-1,805.5\r\n";

    @Test
    void aDateTimeColumnIsTheTimeAxisNotAnInput() {
        TimeSeries s = TimeSeries.of(CsvTable.read(PANDAS, "load.csv", null), null);
        assertEquals(List.of("temp", "load"), s.columns());
        assertEquals("date", s.timeColumn());
        assertArrayEquals(new double[] {-1.0, 790}, s.rows()[1]);
        assertArrayEquals(new double[] {1704067200, 1704070800, 1704074400}, s.times());
    }

    @Test
    void columnsAreChosenByName() {
        TimeSeries s = TimeSeries.of(CsvTable.read(PANDAS, "load.csv", null), List.of("load"));
        assertEquals(List.of("load"), s.columns());
        assertArrayEquals(new double[] {805.5}, s.rows()[2]);
        assertEquals("load.csv: has no column `wind`; its columns are date, temp, load",
                assertThrows(DataException.class, () -> TimeSeries.of(CsvTable.read(PANDAS, "load.csv", null),
                        List.of("wind"))).getMessage());
        assertEquals("load.csv: column `date` holds dates and times, the time axis; it cannot be an input",
                assertThrows(DataException.class, () -> TimeSeries.of(CsvTable.read(PANDAS, "load.csv", null),
                        List.of("date"))).getMessage());
    }

    @Test
    void quotedFieldsMayHoldCommasQuotesAndLineBreaks() {
        CsvTable t = CsvTable.read("\"name, full\",\"say \"\"hi\"\"\",n\n\"a\nb\",\"x,y\",1\nc,d,2\n", "q.csv", null);
        assertEquals(List.of("name, full", "say \"hi\"", "n"), t.columns());
        assertArrayEquals(new String[] {"a\nb", "x,y", "1"}, t.rows().get(0));
        assertArrayEquals(new long[] {2, 4}, t.lines(), "the line each row starts on");
    }

    @Test
    void aFileOfNumbersHasNoHeaderUnlessSaid() {
        CsvTable t = CsvTable.read("1,2\n3,4\n", "n.csv", null);
        assertEquals(List.of("1", "2"), t.columns());
        assertEquals(2, t.rows().size());
        assertEquals(1, CsvTable.read("1,2\n3,4\n", "n.csv", true).rows().size());
        TimeSeries byDate = TimeSeries.of(CsvTable.read("2024-01-01,5\n2024-01-02,6\n", "d.csv", null), null);
        assertEquals(List.of("2"), byDate.columns());
        assertNull(TimeSeries.of(CsvTable.read("1,2\n3,4\n", "n.csv", null), null).timeColumn());
    }

    @Test
    void errorsNameTheFileLineAndColumn() {
        DataException unchosen = assertThrows(DataException.class,
                () -> TimeSeries.of(CsvTable.read("a,b\n1,2\n3,x\n", "s.csv", null), null));
        assertEquals("s.csv:3: `x` in column `b` is not a finite number", unchosen.problem());
        assertEquals(Remedy.CHOSEN_COLUMNS, unchosen.remedy(), "every column was read, so choosing them avoids it");
        assertEquals("s.csv:3: `x` in column `b` is not a finite number; choose the input columns (TimeSeries.of's "
                + "chosen columns)", unchosen.getMessage(), "the library's words, not a command line's");
        assertEquals("s.csv:3: column `b` is empty (a missing value)",
                assertThrows(DataException.class, () -> TimeSeries.of(CsvTable.read("a,b\n1,2\n3,\n", "s.csv", null),
                        List.of("b"))).getMessage());
        assertEquals("s.csv:2: has 3 fields, but the header names 2; give every row one field per column",
                assertThrows(DataException.class, () -> CsvTable.read("a,b\n1,2,3\n", "s.csv", null)).getMessage());
        assertEquals("s.csv:1: the header names two columns `a`",
                assertThrows(DataException.class, () -> CsvTable.read("a,a\n1,2\n", "s.csv", null)).getMessage());
        assertEquals("s.csv: has a header but no rows; add the rows of the series below it",
                assertThrows(DataException.class, () -> CsvTable.read("a,b\n", "s.csv", null)).getMessage());
        assertEquals("s.csv:2: `NaN` in column `a` is not a finite number",
                assertThrows(DataException.class, () -> TimeSeries.of(CsvTable.read("a\nNaN\n", "s.csv", true),
                        List.of("a"))).getMessage());
        // Found by fuzzing: a quoted field that spans lines made a message of several lines.
        assertEquals("s.csv:2: `v\\n5,0` in column `b` is not a finite number",
                assertThrows(DataException.class, () -> TimeSeries.of(CsvTable.read("a,b\n1,\"v\n5,0\"\n", "s.csv",
                        null), null)).problem());
        assertEquals("s.csv:1: the header's name of column 2 spans lines (`b\\nc`); give each column a name on one line",
                assertThrows(DataException.class, () -> CsvTable.read("a,\"b\nc\"\n1,2\n", "s.csv", null)).getMessage());
        assertEquals("s.csv:2: a quoted field is never closed; close its quote (\"), or remove it",
                assertThrows(DataException.class, () -> CsvTable.read("a,b\n\"1,2\n", "s.csv", null)).getMessage());
        assertEquals("s.csv:3: a quoted field is followed by more text before the next comma; quote the whole field "
                + "(a quote inside it is written \"\")",
                assertThrows(DataException.class, () -> CsvTable.read("a,b\n1,2\n\"3\"x,4\n", "s.csv", null))
                        .getMessage());
    }

    @Test
    void datesAndTimesInTheFormsFilesUse() {
        assertEquals(1704067200, DateTimes.seconds("2024-01-01").getAsDouble());
        assertEquals(1704114000, DateTimes.seconds("2024-01-01 13:00").getAsDouble());
        assertEquals(1704114000.5, DateTimes.seconds("2024-01-01T13:00:00.5").getAsDouble());
        assertEquals(1704110400, DateTimes.seconds("2024-01-01T13:00:00+01:00").getAsDouble());
        assertEquals(1704114000, DateTimes.seconds("2024/01/01 13:00:00Z").getAsDouble());
        for (String no : List.of("812.5", "2024", "-1e-5", "load", "2024-13-01", "2024-02-30", "")) {
            assertEquals(false, DateTimes.isDateTime(no), no);
        }
    }
}
