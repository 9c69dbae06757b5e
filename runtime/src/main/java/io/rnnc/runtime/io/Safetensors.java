package io.rnnc.runtime.io;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.rnnc.runtime.tensor.HeapLimit;
import io.rnnc.runtime.tensor.Tensor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Reads and writes the safetensors format: an 8-byte little-endian header length, a JSON header
 * naming each tensor's dtype, shape and byte range, then the raw little-endian tensor data.
 */
public final class Safetensors {

    private static final int LENGTH_PREFIX_BYTES = 8;

    /** Real headers are kilobytes; anything larger is corrupt, and reading it would waste memory. */
    private static final long MAX_HEADER_BYTES = 100L * 1024 * 1024;

    /** Java arrays cap the data buffer we can hold in one piece. */
    private static final long MAX_BUFFER_BYTES = Integer.MAX_VALUE - 8;

    private static final int WRITE_CHUNK_BYTES = 1 << 16;

    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

    private Safetensors() {}

    /**
     * The contents of a safetensors file.
     *
     * @param tensors the tensors by name, in file order, converted to double precision
     * @param dtypes the dtype each tensor was stored in, by name
     * @param metadata the string pairs of the {@code __metadata__} entry; empty if absent
     */
    public record Contents(
            Map<String, Tensor> tensors, Map<String, DType> dtypes, Map<String, String> metadata) {}

    /**
     * Reads a whole safetensors file, converting every supported dtype to double precision.
     *
     * @param file the file to read
     * @return its tensors, their stored dtypes and its metadata
     * @throws SafetensorsException if the file cannot be read or is not a well-formed safetensors
     *     file; the message names the file and the problem
     * @throws HeapLimit.Exceeded when its values, in float64, would not fit in the heap
     */
    public static Contents read(Path file) throws SafetensorsException {
        String name = file.toString();
        if (Files.isDirectory(file)) {
            throw new SafetensorsException(name + ": is a directory, not a safetensors file");
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return read(name, channel, channel.size());
        } catch (NoSuchFileException e) {
            throw new SafetensorsException(name + ": file not found", e);
        } catch (AccessDeniedException e) {
            throw new SafetensorsException(name + ": cannot be read (permission denied)", e);
        } catch (IOException e) {
            throw new SafetensorsException(name + ": cannot be read (" + reason(e) + ")", e);
        }
    }

    /** The bare reason, since a FileSystemException's message repeats the file name. */
    private static String reason(IOException e) {
        if (e instanceof FileSystemException fse && fse.getReason() != null) {
            return fse.getReason();
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    /**
     * Reads a safetensors file held in memory (a resource of a jar), as {@link #read(Path)} reads one on disk.
     *
     * @param name names the file in messages
     */
    public static Contents read(String name, byte[] file) throws SafetensorsException {
        try {
            return read(name, Channels.newChannel(new ByteArrayInputStream(file)), file.length);
        } catch (IOException e) {
            throw new SafetensorsException(name + ": cannot be read (" + reason(e) + ")", e);
        }
    }

    /**
     * Reads the {@code fileSize} bytes of a safetensors file from {@code channel}.
     *
     * @param name names the file in messages
     * @throws HeapLimit.Exceeded when its values, in float64, would not fit in the heap
     */
    static Contents read(String name, ReadableByteChannel channel, long fileSize)
            throws IOException, SafetensorsException {
        if (fileSize < LENGTH_PREFIX_BYTES) {
            throw new SafetensorsException(name + ": not a safetensors file (it has only " + fileSize
                    + " bytes, fewer than the 8-byte header length)");
        }
        long headerLength = readFully(name, channel, LENGTH_PREFIX_BYTES).getLong();
        checkHeaderLength(name, headerLength, fileSize);
        long bufferSize = fileSize - LENGTH_PREFIX_BYTES - headerLength;
        if (bufferSize > MAX_BUFFER_BYTES) {
            throw new SafetensorsException(name + ": holds " + bufferSize
                    + " bytes of tensor data, more than the 2 GB this reader supports");
        }
        Header header = Header.parse(name, readFully(name, channel, (int) headerLength), bufferSize);
        long values = header.entries.stream().mapToLong(Header.Entry::count).sum();
        HeapLimit.require(HeapLimit.add(bufferSize, HeapLimit.multiply(values, Double.BYTES)),
                name + " (" + values + " values, read as float64)", "use a machine with more memory");
        ByteBuffer buffer = readFully(name, channel, (int) bufferSize);
        return decode(header, buffer);
    }

    private static void checkHeaderLength(String name, long headerLength, long fileSize)
            throws SafetensorsException {
        // The length is unsigned: a negative long is a huge value, larger than any file.
        if (headerLength < 0 || headerLength > fileSize - LENGTH_PREFIX_BYTES) {
            throw new SafetensorsException(name + ": not a safetensors file (header length "
                    + Long.toUnsignedString(headerLength) + " exceeds the file size of " + fileSize + " bytes)");
        }
        if (headerLength > MAX_HEADER_BYTES) {
            throw new SafetensorsException(name + ": not a safetensors file (header length "
                    + headerLength + " exceeds the limit of " + MAX_HEADER_BYTES + " bytes)");
        }
    }

    private static Contents decode(Header header, ByteBuffer buffer) {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        Map<String, DType> dtypes = new LinkedHashMap<>();
        for (Header.Entry e : header.entries) {
            ByteBuffer bytes = buffer.slice((int) e.begin(), (int) (e.end() - e.begin()))
                    .order(ByteOrder.LITTLE_ENDIAN);
            double[] values = new double[e.count()];
            e.dtype().decode(bytes, values);
            tensors.put(e.name(), new Tensor(e.shape(), values));
            dtypes.put(e.name(), e.dtype());
        }
        return new Contents(tensors, dtypes, header.metadata);
    }

    /** Reads exactly {@code n} bytes from the channel's position into a little-endian buffer. */
    private static ByteBuffer readFully(String name, ReadableByteChannel channel, int n)
            throws IOException, SafetensorsException {
        ByteBuffer buffer = ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) {
                throw new SafetensorsException(name + ": ended early, perhaps because it changed while being read");
            }
        }
        return buffer.flip();
    }

    /**
     * Writes tensors to a safetensors file, replacing it atomically: readers see either the old
     * file or the complete new one, never a partial write. Missing parent directories are created.
     *
     * @param file the file to write
     * @param tensors the tensors by name; they are stored sorted by name so equal inputs give equal files
     * @param metadata string pairs stored under {@code __metadata__}; omitted when empty or null
     * @param dtype {@link DType#F64} to store values exactly, or {@link DType#F32} to round them
     * @throws IllegalArgumentException if {@code dtype} is neither F32 nor F64 or a tensor is
     *     named {@code __metadata__}
     * @throws IOException if the file cannot be written
     */
    public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata, DType dtype)
            throws IOException {
        if (dtype != DType.F64 && dtype != DType.F32) {
            throw new IllegalArgumentException("safetensors can be written as F32 or F64, not " + dtype);
        }
        Map<String, Tensor> sorted = new TreeMap<>(tensors);
        if (sorted.containsKey(Header.METADATA_KEY)) {
            throw new IllegalArgumentException("a tensor cannot be named " + Header.METADATA_KEY);
        }
        byte[] header = encodeHeader(sorted, metadata == null ? Map.of() : metadata, dtype);
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = dir.resolve("." + file.getFileName() + "."
                + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                writeAll(channel, ByteBuffer.allocate(LENGTH_PREFIX_BYTES)
                        .order(ByteOrder.LITTLE_ENDIAN).putLong(header.length).flip());
                writeAll(channel, ByteBuffer.wrap(header));
                writeData(channel, sorted, dtype);
                channel.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (Throwable t) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException suppressed) {
                t.addSuppressed(suppressed);
            }
            throw t;
        }
    }

    /** Builds the JSON header, padded with spaces to a multiple of 8 bytes to align the data. */
    private static byte[] encodeHeader(Map<String, Tensor> tensors, Map<String, String> metadata, DType dtype) {
        JsonObject root = new JsonObject();
        if (!metadata.isEmpty()) {
            JsonObject meta = new JsonObject();
            new TreeMap<>(metadata).forEach((k, v) ->
                    meta.addProperty(k, Objects.requireNonNull(v, () -> "metadata value for " + k + " is null")));
            root.add(Header.METADATA_KEY, meta);
        }
        long offset = 0;
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            Tensor t = e.getValue();
            long end = offset + (long) t.size() * dtype.byteSize();
            JsonObject entry = new JsonObject();
            entry.addProperty("dtype", dtype.name());
            entry.add("shape", GSON.toJsonTree(t.shape()));
            JsonArray offsets = new JsonArray();
            offsets.add(offset);
            offsets.add(end);
            entry.add("data_offsets", offsets);
            root.add(e.getKey(), entry);
            offset = end;
        }
        byte[] json = GSON.toJson(root).getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        byte[] header = Arrays.copyOf(json, padded);
        Arrays.fill(header, json.length, padded, (byte) ' ');
        return header;
    }

    private static void writeData(FileChannel channel, Map<String, Tensor> tensors, DType dtype) throws IOException {
        ByteBuffer chunk = ByteBuffer.allocate(WRITE_CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        int perChunk = WRITE_CHUNK_BYTES / dtype.byteSize();
        for (Tensor t : tensors.values()) {
            double[] values = t.data();
            for (int start = 0; start < values.length; start += perChunk) {
                int n = Math.min(perChunk, values.length - start);
                chunk.clear();
                if (dtype == DType.F64) {
                    chunk.asDoubleBuffer().put(values, start, n);
                } else {
                    FloatBuffer floats = chunk.asFloatBuffer();
                    for (int i = 0; i < n; i++) {
                        floats.put((float) values[start + i]);
                    }
                }
                writeAll(channel, chunk.limit(n * dtype.byteSize()));
            }
        }
    }

    private static void writeAll(FileChannel channel, ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
    }
}
