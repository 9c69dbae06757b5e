package io.rnnc.runtime.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whatever bytes a data file of the newer kinds holds, rnnc reads it or says what is wrong in
 * one sentence that begins with the file's name ({@link DataException}); no other exception may
 * escape. A CSV time series goes through what `train --task regress` does with it (UTF-8
 * decoding, Commons CSV, the time axis, the numbers); an image-sequence archive through what
 * `--frames` does (the zip, each .npy header and its data, frames, labels and lengths, the data
 * set). The corpus ({@code DataFilesFuzzTestInputs}: files of each kind, and every input that
 * ever failed) runs with the tests; {@code bench/fuzz.sh} fuzzes.
 */
class DataFilesFuzzTest {
    private static final Path DIR = directory();
    private static final Path CSV = DIR.resolve("series.csv");
    private static final Path NPZ = DIR.resolve("frames.npz");

    @FuzzTest
    @DictionaryEntries({"time", "2024-01-01", "2024-01-01T00:00:00", "12:30", "+01:00", "1e308", "NaN", "Infinity",
        "-0", "0x1p3"})
    void csvSeriesReadOrNameTheProblem(byte[] bytes) throws IOException {
        Files.write(CSV, bytes);
        try {
            TimeSeries s = TimeSeries.of(CsvTable.read(TextFiles.read(CSV), CSV.toString(), null), null);
            assertFalse(s.columns().isEmpty());
            for (double[] row : s.rows()) {
                assertEquals(s.columns().size(), row.length);
            }
        } catch (DataException e) {
            checkMessage(e, CSV);
        }
    }

    @FuzzTest
    @DictionaryEntries({"x.npy", "y.npy", "lengths.npy", "NUMPY", "'descr'", "'<f4'", "'|u1'", "'<i8'",
        "'fortran_order'", "False", "'shape'", "(2, 3, 4, 4, 1)", "(2,)"})
    void framesReadOrNameTheProblem(byte[] bytes) throws IOException {
        Files.write(NPZ, bytes);
        try {
            FrameSequences s = FrameSequences.read(NPZ);
            assertTrue(s.classCount() > 0);
            s.dataset();
        } catch (DataException e) {
            checkMessage(e, NPZ);
        }
    }

    /** One line that begins with the file's name. */
    private static void checkMessage(DataException e, Path file) {
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    private static Path directory() {
        try {
            Path dir = Files.createTempDirectory("data-fuzz");
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
