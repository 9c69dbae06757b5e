package io.rnnc.runtime.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads the text files that data comes from, with errors that name the file. */
public final class TextFiles {
    /** Larger files are refused before reading as one text; a language model streams its text instead. */
    private static final long MAX_BYTES = 512L << 20;

    private TextFiles() {
    }

    /**
     * The whole file as UTF-8 text, line ends normalised to {@code \n}.
     *
     * @throws DataException when the file is missing, unreadable, too large, not UTF-8, binary or empty
     */
    public static String read(Path file) {
        try {
            if (Files.isRegularFile(file) && Files.size(file) > MAX_BYTES) {
                throw new DataException(file + ": is too large to read as one text (" + Files.size(file)
                        + " bytes; the limit is " + MAX_BYTES + "); split it into smaller files");
            }
        } catch (IOException e) {
            throw new DataException(file + ": cannot be read (" + e.getMessage() + ")");
        }
        StringBuilder text = new StringBuilder();
        TextChunks.read(file, text::append, bytes -> { });
        if (text.length() == 0) {
            throw empty(file);
        }
        return text.toString();
    }

    /** The sentence for a file without data. */
    public static DataException empty(Path file) {
        return new DataException(file + ": is empty; give a file with data");
    }
}
