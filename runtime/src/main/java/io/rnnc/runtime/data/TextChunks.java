package io.rnnc.runtime.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.function.LongConsumer;

/**
 * Reads a text file as UTF-8 a chunk at a time, so that a file larger than memory can be read
 * through: line ends {@code \r\n} come out as {@code \n}. A byte that is not UTF-8, or a NUL
 * byte (the mark of a binary file), is reported with its line and byte offset.
 */
public final class TextChunks {
    /** Bytes read at a time. */
    static final int CHUNK_BYTES = 1 << 20;

    /** Receives the text, a chunk at a time. */
    public interface Sink {
        /** The next chars of the text; the buffer is reused once this returns. */
        void accept(CharBuffer chars);
    }

    private final Path file;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    /** Bytes of the file before the current chunk, and line ends among them. */
    private long offset;
    private long lines;
    private boolean pendingReturn;

    private TextChunks(Path file) {
        this.file = file;
    }

    /**
     * Passes the whole of {@code file} to {@code sink}.
     *
     * @param progress hears the number of bytes read so far after each chunk
     * @return the file's size in bytes
     * @throws DataException when the file is missing, unreadable, not UTF-8 or binary
     */
    public static long read(Path file, Sink sink, LongConsumer progress) {
        if (Files.isDirectory(file)) {
            throw new DataException(file + ": is a directory, not a data file; give a text file");
        }
        try (InputStream in = Files.newInputStream(file)) {
            new TextChunks(file).pass(in, sink, progress);
            return Files.size(file);
        } catch (NoSuchFileException e) {
            throw new DataException(file + ": no such file");
        } catch (AccessDeniedException e) {
            throw new DataException(file + ": cannot be read (permission denied)");
        } catch (IOException e) {
            throw new DataException(file + ": cannot be read (" + e.getMessage() + ")");
        }
    }

    private void pass(InputStream in, Sink sink, LongConsumer progress) throws IOException {
        byte[] raw = new byte[CHUNK_BYTES];
        ByteBuffer bytes = ByteBuffer.allocate(CHUNK_BYTES + 4);
        CharBuffer chars = CharBuffer.allocate(CHUNK_BYTES + 4);
        CharBuffer out = CharBuffer.allocate(CHUNK_BYTES + 5);
        int n;
        while ((n = in.readNBytes(raw, 0, raw.length)) > 0) {
            bytes.put(raw, 0, n).flip();
            decode(bytes, chars, false, sink, out);
            progress.accept(offset);
        }
        bytes.flip();
        decode(bytes, chars, true, sink, out);
        if (pendingReturn) {
            out.clear();
            sink.accept(out.append('\r').flip());
        }
    }

    /** Decodes what {@code bytes} holds and passes it on; undecoded bytes of a character cut by the chunk stay. */
    private void decode(ByteBuffer bytes, CharBuffer chars, boolean end, Sink sink, CharBuffer out) {
        chars.clear();
        int start = bytes.position();
        CoderResult r = decoder.decode(bytes, chars, end);
        checkNoNul(bytes, start);
        if (r.isError() || end && bytes.hasRemaining()) {
            throw invalid(bytes, start);
        }
        countLines(bytes, start);
        chars.flip();
        out.clear();
        normaliseLineEnds(chars, out);
        out.flip();
        if (out.hasRemaining()) {
            sink.accept(out);
        }
        bytes.compact();
    }

    private void normaliseLineEnds(CharBuffer chars, CharBuffer out) {
        while (chars.hasRemaining()) {
            char c = chars.get();
            if (pendingReturn && c != '\n') {
                out.put('\r');
            }
            pendingReturn = c == '\r';
            if (!pendingReturn) {
                out.put(c);
            }
        }
    }

    private void countLines(ByteBuffer bytes, int start) {
        for (int i = start; i < bytes.position(); i++) {
            if (bytes.get(i) == '\n') {
                lines++;
            }
        }
        offset += bytes.position() - start;
    }

    /** The malformed byte the decoder stopped at, with its line (counted up to it) and offset. */
    private DataException invalid(ByteBuffer bytes, int start) {
        countLines(bytes, start);
        return new DataException(file + ":" + (lines + 1) + ": is not UTF-8 text (an invalid byte at offset " + offset
                + "); convert the file to UTF-8, e.g. with iconv -f latin1 -t utf-8");
    }

    /** A NUL byte does not occur in text; a file with one is binary (an archive, an image, a model). */
    private void checkNoNul(ByteBuffer bytes, int start) {
        for (int i = start; i < bytes.position(); i++) {
            if (bytes.get(i) == 0) {
                long line = lines + 1;
                for (int j = start; j < i; j++) {
                    line += bytes.get(j) == '\n' ? 1 : 0;
                }
                throw new DataException(file + ":" + line + ": is a binary file, not text (a NUL byte at offset "
                        + (offset + i - start) + "); give a UTF-8 text file");
            }
        }
    }
}
