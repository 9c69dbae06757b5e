package io.rnnc.runtime.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads and writes NumPy's {@code .npy} format, strictly: format versions 1.0, 2.0 and 3.0; C
 * order; the element types of {@link NpyType}, little-endian. Anything else is refused with one
 * sentence that names the file and what to do, never read wrongly.
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    /** NumPy aligns the data to this many bytes. */
    private static final int ALIGNMENT = 64;

    private Npy() {
    }

    /**
     * Reads a {@code .npy} file.
     *
     * @throws DataException naming the file, if it cannot be read or is not an array rnnc reads
     */
    public static NpyArray read(Path file) {
        return parse(readAll(file), file.toString());
    }

    /** The bytes of a file; a failure is one sentence naming it. */
    static byte[] readAll(Path file) {
        String name = file.toString();
        if (Files.isDirectory(file)) {
            throw new DataException(name + ": is a directory, not a file");
        }
        try {
            if (Files.size(file) > Integer.MAX_VALUE - 8) {
                throw new DataException(name + ": is larger than the 2 GB rnnc reads in one piece");
            }
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new DataException(name + ": file not found");
        } catch (AccessDeniedException e) {
            throw new DataException(name + ": cannot be read (permission denied)");
        } catch (IOException e) {
            String reason = e instanceof FileSystemException f && f.getReason() != null ? f.getReason() : e.getMessage();
            throw new DataException(name + ": cannot be read (" + reason + ")");
        }
    }

    /**
     * Reads the bytes of a {@code .npy} array.
     *
     * @param where the array in messages
     * @throws DataException naming {@code where}, if the bytes are not an array rnnc reads
     */
    static NpyArray parse(byte[] bytes, String where) {
        if (bytes.length < 10 || !Arrays.equals(Arrays.copyOf(bytes, MAGIC.length), MAGIC)) {
            throw new DataException(where + ": not a NumPy .npy array (it does not start with \\x93NUMPY)");
        }
        int major = bytes[6];
        int minor = bytes[7];
        if (major < 1 || major > 3 || minor != 0) {
            throw new DataException(where + ": NumPy format version " + (major & 0xff) + "." + (minor & 0xff)
                    + " is not supported (1.0, 2.0 and 3.0 are)");
        }
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).position(8);
        long headerLength = major == 1 ? in.getShort() & 0xffff : in.getInt() & 0xffffffffL;
        int start = in.position();
        if (start + headerLength > bytes.length) {
            throw new DataException(where + ": ends inside its .npy header");
        }
        // Versions 1 and 2 write the header in Latin-1, version 3 in UTF-8.
        String text = new String(bytes, start, (int) headerLength,
                major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        NpyHeader header = NpyHeader.parse(text, where);
        NpyType type = typeOf(header, where);
        int dataStart = start + (int) headerLength;
        long count = NpyArray.count(header.shape());
        long needed = count * type.bytes();
        if (bytes.length - dataStart != needed) {
            throw new DataException(where + ": has " + (bytes.length - dataStart) + " bytes of data but a "
                    + NpyArray.shapeText(header.shape()) + " array of " + type.descr() + " needs " + needed);
        }
        in.position(dataStart);
        double[] values = new double[(int) count];
        for (int i = 0; i < values.length; i++) {
            values[i] = type.read(in);
        }
        return new NpyArray(where, header.shape(), type, values);
    }

    /** The element type of a header, or one sentence saying why rnnc does not read it. */
    private static NpyType typeOf(NpyHeader header, String where) {
        String descr = header.descr();
        NpyType type = NpyType.of(descr);
        if (type == null && descr.startsWith(">")) {
            throw new DataException(where + ": holds big-endian values (" + descr + "); save them little-endian, "
                    + "such as with a.astype('<" + descr.substring(1) + "')");
        }
        if (type == null) {
            throw new DataException(where + ": holds values of type " + descr + ", which rnnc does not read "
                    + "(float32, float64, uint8 and little-endian integers it does)");
        }
        if (header.fortranOrder()) {
            throw new DataException(where + ": is stored in Fortran order; save it in C order, such as with "
                    + "np.ascontiguousarray(a)");
        }
        if (NpyArray.count(header.shape()) > Integer.MAX_VALUE - 8) {
            throw new DataException(where + ": holds more values than rnnc reads in one array (2³¹)");
        }
        return type;
    }

    /**
     * The bytes of a {@code .npy} file holding {@code array}: format 1.0 where the header fits,
     * else 2.0, the data aligned to 64 bytes as NumPy does.
     */
    public static byte[] bytes(NpyArray array) {
        String header = new NpyHeader(array.type().descr(), false, array.shape()).text();
        int major = header.length() + 11 > 0xffff ? 2 : 1;
        int prefix = major == 1 ? 10 : 12;
        int padded = (prefix + header.length() + 1 + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT - prefix;
        String text = header + " ".repeat(padded - header.length() - 1) + "\n";
        ByteBuffer out = ByteBuffer.allocate(prefix + padded + array.values().length * array.type().bytes())
                .order(ByteOrder.LITTLE_ENDIAN);
        out.put(MAGIC).put((byte) major).put((byte) 0);
        if (major == 1) {
            out.putShort((short) padded);
        } else {
            out.putInt(padded);
        }
        out.put(text.getBytes(StandardCharsets.ISO_8859_1));
        for (double v : array.values()) {
            array.type().write(out, v);
        }
        return out.array();
    }
}
