package io.rnnc.cli;

import static io.rnnc.cli.TrainCommandTest.rnnc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rnnc.runtime.data.Npy;
import io.rnnc.runtime.data.NpyArray;
import io.rnnc.runtime.data.NpyType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A data file that cannot be used gets one sentence naming the file, its line where it has one,
 * and what to do, with status 3; nothing is written.
 */
class DataFileErrorsTest {
    private static void refused(Path dir, String expected, String... args) {
        Path checkpoint = dir.resolve("model.safetensors");
        String[] head = {"train", "--cell", "stdlib:gru", "--hidden", "4", "--checkpoint", checkpoint.toString()};
        String[] all = Arrays.copyOf(head, head.length + args.length);
        System.arraycopy(args, 0, all, head.length, args.length);
        FilesOnDisk before = FilesOnDisk.of(dir);
        TrainCommandTest.Result r = rnnc(all);
        assertEquals(Exit.BAD_INPUT, r.status(), r.err());
        assertEquals("rnnc: " + expected, r.err().strip(), r.err());
        assertFalse(Files.exists(checkpoint), "nothing written");
        before.assertUnchanged(dir);
    }

    @Test
    void eachKindOfBadFileIsOneSentence(@TempDir Path dir) throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.txt"), "");
        refused(dir, empty + ": is empty; give a file with data", "--data", empty.toString());
        refused(dir, empty + ": is empty; give a file with data", "--task", "regress", "--data", empty.toString());

        Path binary = Files.write(dir.resolve("model.bin"), new byte[] {'P', 'K', 3, 4, 0, 0, 7});
        refused(dir, binary + ":1: is a binary file, not text (a NUL byte at offset 4); give a UTF-8 text file",
                "--data", binary.toString());

        Path latin1 = Files.write(dir.resolve("latin1.txt"), "the café\nnaïve\n".getBytes(StandardCharsets.ISO_8859_1));
        refused(dir, latin1 + ":1: is not UTF-8 text (an invalid byte at offset 7); convert the file to UTF-8, "
                + "e.g. with iconv -f latin1 -t utf-8", "--data", latin1.toString());

        Path ragged = Files.writeString(dir.resolve("ragged.csv"), "a,b\n1,2\n3\n4,5\n");
        refused(dir, ragged + ":3: has 1 fields, but the header names 2; give every row one field per column",
                "--task", "regress", "--data", ragged.toString());

        Path words = Files.writeString(dir.resolve("words.csv"), "a,b\n1,2\n3,n/a\n4,5\n");
        refused(dir, words + ":3: `n/a` in column `b` is not a finite number; choose the input columns with --columns",
                "--task", "regress", "--data", words.toString());

        Path series = Files.writeString(dir.resolve("series.csv"), "a,b\n" + "1,2\n3,4\n".repeat(15));
        refused(dir, series + ": has no input column `c` to forecast; its columns are a, b",
                "--task", "regress", "--data", series.toString(), "--target", "c");

        Path noTab = Files.writeString(dir.resolve("reviews.tsv"), "pos\tgood\nneg bad\n");
        refused(dir, noTab + ":2: has no tab; each line is `label<TAB>text`, the two parts separated by a tab "
                + "character", "--task", "classify", "--data", noTab.toString());

        Path tiny = Files.writeString(dir.resolve("tiny.txt"), "abcdefgh");
        refused(dir, tiny + " (less its held-out part): has 8 tokens, too few for 32 streams of at least 2; use a "
                + "smaller --batch or more text", "--data", tiny.toString());
    }

    /** The CSV time series of `--task regress`: read through Commons CSV, a time axis, numbers. */
    @Test
    void eachKindOfBadTimeSeriesIsOneSentence(@TempDir Path dir) throws Exception {
        Path binary = Files.write(dir.resolve("sensor.csv"), new byte[] {'t', ',', 'v', '\n', '1', ',', 0, '\n'});
        refused(dir, binary + ":2: is a binary file, not text (a NUL byte at offset 6); give a UTF-8 text file",
                "--task", "regress", "--data", binary.toString());

        Path latin1 = Files.write(dir.resolve("temperatures.csv"), "city,t\nMünchen,1\n".getBytes(StandardCharsets.ISO_8859_1));
        refused(dir, latin1 + ":2: is not UTF-8 text (an invalid byte at offset 8); convert the file to UTF-8, "
                + "e.g. with iconv -f latin1 -t utf-8", "--task", "regress", "--data", latin1.toString());

        Path quote = Files.writeString(dir.resolve("quote.csv"), "a,b\n1,2\n3,\"4\n5,6\n");
        refused(dir, quote + ":3: a quoted field is never closed; close its quote (\"), or remove it",
                "--task", "regress", "--data", quote.toString());

        Path headerOnly = Files.writeString(dir.resolve("header.csv"), "when,load\n");
        refused(dir, headerOnly + ": has a header but no rows; add the rows of the series below it",
                "--task", "regress", "--data", headerOnly.toString());

        Path ragged = Files.writeString(dir.resolve("ragged.csv"), "\"when\",\"load\"\n\"2024-01-01 00:00\",1\n"
                + "\"2024-01-01 01:00\"\n");
        refused(dir, ragged + ":3: has 1 fields, but the header names 2; give every row one field per column",
                "--task", "regress", "--data", ragged.toString());

        Path gap = Files.writeString(dir.resolve("gap.csv"), "when,load\n2024-01-01 00:00,1\n2024-01-01 01:00,\n");
        refused(dir, gap + ":3: column `load` is empty (a missing value); choose the input columns with --columns",
                "--task", "regress", "--data", gap.toString());

        Path series = Files.writeString(dir.resolve("series.csv"), "a,b\n" + "1,2\n3,4\n".repeat(15));
        refused(dir, series + ": has no column `c`; its columns are a, b",
                "--task", "regress", "--data", series.toString(), "--columns", "a,c");
    }

    /** The image sequences of `--frames`: a .npz archive of NumPy arrays. */
    @Test
    void eachKindOfBadImageSequenceFileIsOneSentence(@TempDir Path dir) throws Exception {
        Path notZip = Files.writeString(dir.resolve("frames.npz"), "x,y\n1,2\n");
        refused(dir, notZip + ": not a .npz archive (a zip of .npy arrays): zip END header not found; save frames and "
                + "labels with np.savez(file, x=frames, y=labels)", "--task", "classify", "--frames", "4x4x1",
                "--data", notZip.toString());

        Path damaged = zip(dir.resolve("damaged.npz"), Map.of("x.npy", "not an array".getBytes(StandardCharsets.UTF_8),
                "y.npy", new byte[0]));
        refused(dir, damaged + ", array 'x': not a NumPy .npy array (it does not start with \\x93NUMPY)", "--task",
                "classify", "--frames", "4x4x1", "--data", damaged.toString());

        byte[] bytes = Files.readAllBytes(damaged);
        Path truncated = Files.write(dir.resolve("truncated.npz"), Arrays.copyOf(bytes, bytes.length / 2));
        refused(dir, truncated + ": not a .npz archive (a zip of .npy arrays): zip END header not found; save frames "
                + "and labels with np.savez(file, x=frames, y=labels)", "--task", "classify", "--frames", "4x4x1",
                "--data", truncated.toString());

        byte[] frames = Npy.bytes(new NpyArray("x", new int[] {2, 3, 4, 4, 1}, NpyType.FLOAT32, new double[2 * 3 * 16]));
        Path framesAlone = zip(dir.resolve("frames-alone.npz"), Map.of("x.npy", frames));
        refused(dir, framesAlone + ": needs arrays 'x' (frames) and 'y' (labels) but holds x", "--task", "classify",
                "--frames", "4x4x1", "--data", framesAlone.toString());
    }

    private static Path zip(Path file, Map<String, byte[]> entries) throws IOException {
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(file))) {
            for (Map.Entry<String, byte[]> e : new TreeMap<>(entries).entrySet()) {
                out.putNextEntry(new ZipEntry(e.getKey()));
                out.write(e.getValue());
                out.closeEntry();
            }
        }
        return file;
    }

    @Test
    void aLabelNeverSeenInTrainingIsNamedWithItsLine(@TempDir Path dir) throws Exception {
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            lines.append("pos\tgood ").append(i).append("\nneg\tbad ").append(i).append('\n');
        }
        Path train = Files.writeString(dir.resolve("train.tsv"), lines);
        Path checkpoint = dir.resolve("c.safetensors");
        assertEquals(0, rnnc("train", "--cell", "stdlib:gru", "--task", "classify", "--data", train.toString(),
                "--hidden", "4", "--max-steps", "1", "--checkpoint", checkpoint.toString()).status());
        byte[] before = Files.readAllBytes(checkpoint);
        Path test = Files.writeString(dir.resolve("test.tsv"), "pos\tgood 1\nmaybe\tgood 2\n");
        TrainCommandTest.Result r = rnnc("eval", "--checkpoint", checkpoint.toString(), "--data", test.toString());
        assertEquals(Exit.BAD_INPUT, r.status(), r.err());
        assertEquals("rnnc: " + test + ":2: label `maybe` is not one of the 2 the model knows (neg, pos); evaluate on "
                + "examples of those labels, or train a model that has it", r.err().strip());
        assertTrue(Arrays.equals(before, Files.readAllBytes(checkpoint)), "the checkpoint is untouched");
    }
}
