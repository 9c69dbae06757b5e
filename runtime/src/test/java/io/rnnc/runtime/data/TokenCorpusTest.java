package io.rnnc.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A corpus streamed from disk reads as the same tokens and vocabulary as the whole text would,
 * across chunk boundaries; bad bytes are named with their line and offset; ids are compact.
 */
class TokenCorpusTest {
    /** Longer than a chunk, with a surrogate pair and a CRLF cut by the chunk boundary. */
    private static String text() {
        StringBuilder sb = new StringBuilder();
        sb.append("x".repeat(TextChunks.CHUNK_BYTES - 1)).append("\r\n");
        sb.append("a".repeat(TextChunks.CHUNK_BYTES - 3)).append("\ud83d\ude00 é word  words\tand\r\nmore \r lone\n");
        return sb.toString();
    }

    @Test
    void readsAsTheWholeTextWouldAtEitherLevel(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("t.txt");
        String text = text();
        Files.writeString(file, text);
        String normalised = text.replace("\r\n", "\n");
        for (Vocabulary.Level level : Vocabulary.Level.values()) {
            TokenCorpus.Survey s = TokenCorpus.survey(List.of(file), level, null, b -> { });
            Vocabulary expected = Vocabulary.of(normalised, level);
            assertEquals(expected.toJson(), s.vocabulary().toJson(), level.name());
            int[] ids = expected.encode(normalised, "t");
            for (boolean onDisk : new boolean[] {false, true}) {
                TokenIds got = TokenCorpus.encode(file, s.tokens()[0], s.vocabulary(), onDisk, b -> { });
                assertEquals(ids.length, got.size());
                int[] read = new int[ids.length];
                for (int i = 0; i < read.length; i++) {
                    read[i] = got.get(i);
                }
                assertArrayEquals(ids, read, level + (onDisk ? " on disk" : " in the heap"));
            }
        }
    }

    @Test
    void idsTakeOneToFourBytes() {
        assertEquals(1, TokenIds.width(256));
        assertEquals(2, TokenIds.width(257));
        assertEquals(2, TokenIds.width(65536));
        assertEquals(4, TokenIds.width(65537));
        int[] ids = {0, 70000, 65535, 256, 3};
        TokenIds t = TokenIds.of(ids, 70001);
        assertEquals(70000, t.slice(1, 3).get(0));
        assertEquals(65535, t.slice(1, 3).get(1));
        assertThrows(IndexOutOfBoundsException.class, () -> t.slice(1, 3).get(2));
        assertThrows(IllegalArgumentException.class, () -> TokenIds.of(new int[] {5}, 5));
    }

    @Test
    void aTokenTheModelDoesNotKnowIsNamedWithItsLine(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("eval.txt");
        Files.writeString(file, "ab\nba\nabc\n");
        Vocabulary known = Vocabulary.of("ab\n", Vocabulary.Level.CHARACTER);
        DataException e = assertThrows(DataException.class, () -> TokenCorpus.encode(file, 9, known, false, b -> { }));
        assertTrue(e.getMessage().startsWith(file + ":3: `c` is not in the model's vocabulary of 3 characters"),
                e.getMessage());
    }

    @Test
    void badBytesAreNamedWithLineAndOffsetPastTheFirstChunk(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("latin1.txt");
        byte[] head = ("line\n".repeat(300_000)).getBytes(StandardCharsets.UTF_8);
        byte[] bytes = java.util.Arrays.copyOf(head, head.length + 4);
        bytes[head.length] = 'c';
        bytes[head.length + 1] = 'a';
        bytes[head.length + 2] = (byte) 0xe9;
        bytes[head.length + 3] = '\n';
        Files.write(file, bytes);
        DataException e = assertThrows(DataException.class, () -> TextFiles.read(file));
        assertEquals(file + ":300001: is not UTF-8 text (an invalid byte at offset " + (head.length + 2)
                + "); convert the file to UTF-8, e.g. with iconv -f latin1 -t utf-8", e.getMessage());
        bytes[head.length + 2] = 0;
        Files.write(file, bytes);
        e = assertThrows(DataException.class, () -> TokenCorpus.survey(List.of(file), Vocabulary.Level.CHARACTER,
                null, b -> { }));
        assertEquals(file + ":300001: is a binary file, not text (a NUL byte at offset " + (head.length + 2)
                + "); give a UTF-8 text file", e.getMessage());
        Files.write(file, new byte[0]);
        e = assertThrows(DataException.class, () -> TokenCorpus.survey(List.of(file), Vocabulary.Level.WORD, null,
                b -> { }));
        assertEquals(file + ": is empty; give a file with data", e.getMessage());
    }
}
