package io.rnnc.runtime.data;

import static io.rnnc.runtime.data.NumpyFiles.assertDataError;
import static io.rnnc.runtime.data.NumpyFiles.counting;
import static io.rnnc.runtime.data.NumpyFiles.file;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Npz reads what np.savez and np.savez_compressed write, writes archives it reads back, and refuses other zips. */
class NpzTest {

    @Test
    void readsPlainAndCompressedArchives() {
        Map<String, NpyArray> plain = Npz.read(file("sequences.npz"));
        assertEquals(List.of("x", "y", "lengths"), List.copyOf(plain.keySet()));
        assertArrayEquals(new int[] {3, 4, 2, 3}, plain.get("x").shape());
        assertArrayEquals(counting(72), plain.get("x").values());
        assertArrayEquals(new double[] {2, 0, 1}, plain.get("y").values());
        Map<String, NpyArray> compressed = Npz.read(file("frame_labels.npz"));
        assertEquals(NpyType.FLOAT32, compressed.get("x").type());
        assertArrayEquals(counting(48), compressed.get("x").values());
    }

    @Test
    void writesArchivesItReadsBack(@TempDir Path dir) throws IOException {
        Map<String, NpyArray> arrays = new LinkedHashMap<>();
        arrays.put("x", new NpyArray("x", new int[] {2, 2}, NpyType.UINT8, new double[] {0, 255, 3, 4}));
        arrays.put("y", new NpyArray("y", new int[] {2}, NpyType.INT64, new double[] {1, 0}));
        Path file = dir.resolve("nested/data.npz");
        Npz.write(file, arrays);
        Map<String, NpyArray> back = Npz.read(file);
        assertEquals(arrays.keySet(), back.keySet());
        assertArrayEquals(new double[] {0, 255, 3, 4}, back.get("x").values());
        assertEquals(NpyType.INT64, back.get("y").type());
    }

    @Test
    void refusesWhatIsNotAnArchiveOfArrays(@TempDir Path dir) throws IOException {
        Path notZip = file("not_a_zip.npz");
        assertDataError(() -> Npz.read(notZip), notZip + ": not a .npz archive (a zip of .npy arrays): zip END header "
                + "not found; save frames and labels with np.savez(file, x=frames, y=labels)");
        Path other = dir.resolve("other.npz");
        try (OutputStream out = Files.newOutputStream(other); ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("notes.txt"));
            zip.write("hello".getBytes());
            zip.closeEntry();
        }
        assertDataError(() -> Npz.read(other), other + ": entry 'notes.txt' is not a .npy array, so this is not a .npz "
                + "archive NumPy wrote");
        Path damaged = dir.resolve("damaged.npz");
        try (OutputStream out = Files.newOutputStream(damaged); ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("x.npy"));
            zip.write(new byte[] {1, 2, 3});
            zip.closeEntry();
        }
        assertDataError(() -> Npz.read(damaged), damaged + ", array 'x': not a NumPy .npy array (it does not start "
                + "with \\x93NUMPY)");
        assertDataError(() -> Npz.read(dir), dir + ": is a directory, not a .npz file");
    }
}
