package io.rnnc.runtime.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Reads and writes NumPy's {@code .npz} archives (what {@code np.savez} and
 * {@code np.savez_compressed} write): a zip of {@code .npy} arrays, each named by its entry
 * without the extension.
 */
public final class Npz {
    private Npz() {
    }

    /**
     * The arrays of an archive by name, in archive order.
     *
     * @throws DataException naming the file (and the array), if it is not an archive of arrays rnnc reads
     */
    public static Map<String, NpyArray> read(Path file) {
        String name = file.toString();
        if (Files.isDirectory(file)) {
            throw new DataException(name + ": is a directory, not a .npz file");
        }
        Map<String, NpyArray> arrays = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(file.toFile())) {
            for (ZipEntry entry : Collections.list(zip.entries())) {
                String key = arrayName(entry, name);
                String where = name + ", array '" + key + "'";
                if (entry.getSize() > Integer.MAX_VALUE - 8) {
                    throw new DataException(where + ": is larger than the 2 GB rnnc reads in one piece");
                }
                try (InputStream in = zip.getInputStream(entry)) {
                    arrays.put(key, Npy.parse(in.readAllBytes(), where));
                }
            }
        } catch (NoSuchFileException e) {
            throw new DataException(name + ": file not found");
        } catch (ZipException e) {
            throw new DataException(name + ": not a .npz archive (a zip of .npy arrays): " + e.getMessage()
                    + "; save frames and labels with np.savez(file, x=frames, y=labels)");
        } catch (IOException e) {
            throw new DataException(name + ": cannot be read (" + e.getMessage() + ")");
        }
        if (arrays.isEmpty()) {
            throw new DataException(name + ": the archive holds no arrays");
        }
        return arrays;
    }

    private static String arrayName(ZipEntry entry, String file) {
        String entryName = entry.getName();
        if (entry.isDirectory() || !entryName.endsWith(".npy")) {
            throw new DataException(file + ": entry '" + entryName + "' is not a .npy array, so this is not a .npz "
                    + "archive NumPy wrote");
        }
        return entryName.substring(0, entryName.length() - ".npy".length());
    }

    /**
     * Writes arrays to an archive, compressed as {@code np.savez_compressed} does.
     *
     * @throws IOException if the file cannot be written
     */
    public static void write(Path file, Map<String, NpyArray> arrays) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, NpyArray> e : arrays.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey() + ".npy"));
                zip.write(Npy.bytes(e.getValue()));
                zip.closeEntry();
            }
        }
    }
}
