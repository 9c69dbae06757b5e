package io.rnnc.runtime.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads the text files that data comes from, with errors that name the file. */
public final class TextFiles {
    /** Larger files are refused before reading: they would not fit in memory as text anyway. */
    private static final long MAX_BYTES = 512L << 20;

    private TextFiles() {
    }

    /**
     * The whole file as UTF-8 text, line ends normalised to {@code \n}.
     *
     * @throws DataException when the file is missing, unreadable, too large, not UTF-8 or empty
     */
    public static String read(Path file) {
        try {
            if (Files.isDirectory(file)) {
                throw new DataException(file + ": is a directory, not a data file");
            }
            if (Files.size(file) > MAX_BYTES) {
                throw new DataException(file + ": is too large (" + Files.size(file) + " bytes; the limit is " + MAX_BYTES + ")");
            }
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(Files.readAllBytes(file))).toString()
                    .replace("\r\n", "\n");
            if (text.isEmpty()) {
                throw new DataException(file + ": is empty");
            }
            return text;
        } catch (NoSuchFileException e) {
            throw new DataException(file + ": no such file");
        } catch (CharacterCodingException e) {
            throw new DataException(file + ": is not UTF-8 text");
        } catch (IOException e) {
            throw new DataException(file + ": cannot be read (" + e.getMessage() + ")");
        }
    }
}
