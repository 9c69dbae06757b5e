package io.rnnc.cli;

import static io.rnnc.cli.TrainCommandTest.rnnc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
        String[] all = java.util.Arrays.copyOf(head, head.length + args.length);
        System.arraycopy(args, 0, all, head.length, args.length);
        TrainCommandTest.Result r = rnnc(all);
        assertEquals(Exit.BAD_INPUT, r.status(), r.err());
        assertEquals("rnnc: " + expected, r.err().strip(), r.err());
        assertFalse(Files.exists(checkpoint), "nothing written");
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
        refused(dir, ragged + ":3: has 1 values, but the header names 2 columns; give every row one value per column",
                "--task", "regress", "--data", ragged.toString());

        Path words = Files.writeString(dir.resolve("words.csv"), "a,b\n1,2\n3,n/a\n4,5\n");
        refused(dir, words + ":3: `n/a` in column `b` is not a finite number; every value of a series is one (fix it, "
                + "or remove the row)", "--task", "regress", "--data", words.toString());

        Path series = Files.writeString(dir.resolve("series.csv"), "a,b\n" + "1,2\n3,4\n".repeat(15));
        refused(dir, series + ": has no column `c`; its columns are a, b (--target names one of them)",
                "--task", "regress", "--data", series.toString(), "--target", "c");

        Path noTab = Files.writeString(dir.resolve("reviews.tsv"), "pos\tgood\nneg bad\n");
        refused(dir, noTab + ":2: has no tab; each line is `label<TAB>text`, the two parts separated by a tab "
                + "character", "--task", "classify", "--data", noTab.toString());

        Path tiny = Files.writeString(dir.resolve("tiny.txt"), "abcdefgh");
        refused(dir, tiny + " (less its held-out part): has 8 tokens, too few for 32 streams of at least 2; use a "
                + "smaller --batch or more text", "--data", tiny.toString());
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
        assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(checkpoint)), "the checkpoint is untouched");
    }
}
