package io.rnnc.runtime.data;

import io.rnnc.runtime.tensor.HeapLimit;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A corpus's token ids, held compactly: one byte a token for a vocabulary of up to 256
 * tokens (characters, mostly), two up to 65,536, four beyond. The ids live in the heap, or,
 * for a corpus whose ids would take more than a quarter of it, in a temporary file mapped
 * into memory, which the operating system pages in and out as training reads it. A view of
 * part of the ids ({@link #slice}) shares their storage.
 */
public final class TokenIds {
    /** Bytes of one buffer: mapped regions and arrays are limited to 2 GB each. */
    private static final int CHUNK_BITS = 30;
    private static final long CHUNK_BYTES = 1L << CHUNK_BITS;

    private final ByteBuffer[] chunks;
    private final int width;
    private final long start;
    private final long size;

    private TokenIds(ByteBuffer[] chunks, int width, long start, long size) {
        this.chunks = chunks;
        this.width = width;
        this.start = start;
        this.size = size;
    }

    /** Bytes per token for a vocabulary of {@code vocabulary} tokens. */
    public static int width(int vocabulary) {
        return vocabulary <= 1 << 8 ? 1 : vocabulary <= 1 << 16 ? 2 : 4;
    }

    /** The ids of an array. */
    public static TokenIds of(int[] ids, int vocabulary) {
        Writer w = writer(ids.length, vocabulary, false);
        for (int id : ids) {
            w.add(id);
        }
        return w.finish();
    }

    /**
     * Room for {@code count} ids below {@code vocabulary}.
     *
     * @param onDisk in a mapped temporary file rather than the heap (see {@link #belongsOnDisk})
     */
    public static Writer writer(long count, int vocabulary, boolean onDisk) {
        int width = width(vocabulary);
        long bytes = HeapLimit.multiply(count, width);
        if (!onDisk) {
            HeapLimit.require(bytes, "the token ids of a corpus of " + count + " tokens", "use a smaller corpus");
        }
        int n = (int) ((bytes + CHUNK_BYTES - 1) >>> CHUNK_BITS);
        ByteBuffer[] chunks = new ByteBuffer[Math.max(1, n)];
        try {
            FileChannel file = onDisk ? temporaryFile() : null;
            for (int i = 0; i < chunks.length; i++) {
                long length = Math.min(CHUNK_BYTES, bytes - ((long) i << CHUNK_BITS));
                chunks[i] = (file != null ? file.map(FileChannel.MapMode.READ_WRITE, (long) i << CHUNK_BITS, length)
                        : ByteBuffer.allocate((int) length)).order(ByteOrder.LITTLE_ENDIAN);
            }
            if (file != null) {
                file.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a temporary file for the token ids", e);
        }
        return new Writer(new TokenIds(chunks, width, 0, count), vocabulary);
    }

    /** Whether {@code count} ids below {@code vocabulary} take more than a quarter of the heap. */
    public static boolean belongsOnDisk(long count, int vocabulary) {
        return HeapLimit.multiply(count, width(vocabulary)) > HeapLimit.heap() / 4;
    }

    /** A file that is gone from the directory at once: the mapping keeps it alive, and nothing is left behind. */
    private static FileChannel temporaryFile() throws IOException {
        Path path = Files.createTempFile("rnnc-tokens", ".ids");
        FileChannel channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
        Files.delete(path);
        return channel;
    }

    /** Fills ids in order. */
    public static final class Writer {
        private final TokenIds ids;
        private final int vocabulary;
        private long next;

        private Writer(TokenIds ids, int vocabulary) {
            this.ids = ids;
            this.vocabulary = vocabulary;
        }

        /** Appends one id. */
        public void add(int id) {
            if (id < 0 || id >= vocabulary) {
                throw new IllegalArgumentException("token id " + id + " is outside [0, " + vocabulary + ")");
            }
            long at = next++ * ids.width;
            ByteBuffer chunk = ids.chunks[(int) (at >>> CHUNK_BITS)];
            int i = (int) (at & (CHUNK_BYTES - 1));
            switch (ids.width) {
                case 1 -> chunk.put(i, (byte) id);
                case 2 -> chunk.putShort(i, (short) id);
                default -> chunk.putInt(i, id);
            }
        }

        /** The ids added; fewer than room was made for is fine. */
        public TokenIds finish() {
            return ids.slice(0, next);
        }
    }

    /** Number of tokens. */
    public long size() {
        return size;
    }

    /** Bytes per token. */
    public int width() {
        return width;
    }

    /** The id at {@code i}. */
    public int get(long i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException("token " + i + " of " + size);
        }
        long at = (start + i) * width;
        ByteBuffer chunk = chunks[(int) (at >>> CHUNK_BITS)];
        int k = (int) (at & (CHUNK_BYTES - 1));
        return switch (width) {
            case 1 -> chunk.get(k) & 0xFF;
            case 2 -> chunk.getShort(k) & 0xFFFF;
            default -> chunk.getInt(k);
        };
    }

    /** The ids {@code [from, to)}, sharing this storage. */
    public TokenIds slice(long from, long to) {
        if (from < 0 || to < from || to > size) {
            throw new IndexOutOfBoundsException("[" + from + ", " + to + ") of " + size + " tokens");
        }
        return new TokenIds(chunks, width, start + from, to - from);
    }

    /** How often each id occurs. */
    public long[] counts(int vocabulary) {
        long[] counts = new long[vocabulary];
        for (long i = 0; i < size; i++) {
            counts[get(i)]++;
        }
        return counts;
    }
}
