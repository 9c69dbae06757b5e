package io.rnnc.runtime.data;

import java.nio.ByteBuffer;

/**
 * The element types rnnc reads from NumPy files: little-endian floats and integers, and single
 * bytes. Each is named by its NumPy {@code descr}.
 */
public enum NpyType {
    /** float32, {@code <f4}. */
    FLOAT32("<f4", 4),
    /** float64, {@code <f8}. */
    FLOAT64("<f8", 8),
    /** uint8, {@code |u1}: the usual type of image pixels. */
    UINT8("|u1", 1),
    /** int8, {@code |i1}. */
    INT8("|i1", 1),
    /** int16, {@code <i2}. */
    INT16("<i2", 2),
    /** int32, {@code <i4}. */
    INT32("<i4", 4),
    /** int64, {@code <i8}: NumPy's default integer, so the usual type of labels. */
    INT64("<i8", 8);

    private final String descr;
    private final int bytes;

    NpyType(String descr, int bytes) {
        this.descr = descr;
        this.bytes = bytes;
    }

    /** The NumPy descr, such as {@code <f4}. */
    public String descr() {
        return descr;
    }

    /** Bytes per element. */
    public int bytes() {
        return bytes;
    }

    /** Whether the type holds whole numbers. */
    public boolean integral() {
        return this != FLOAT32 && this != FLOAT64;
    }

    /** The type NumPy calls {@code descr}, or null. */
    static NpyType of(String descr) {
        for (NpyType t : values()) {
            if (t.descr.equals(descr)) {
                return t;
            }
        }
        return null;
    }

    /** Reads the next element of a little-endian buffer. */
    double read(ByteBuffer in) {
        return switch (this) {
            case FLOAT32 -> in.getFloat();
            case FLOAT64 -> in.getDouble();
            case UINT8 -> in.get() & 0xff;
            case INT8 -> in.get();
            case INT16 -> in.getShort();
            case INT32 -> in.getInt();
            case INT64 -> in.getLong();
        };
    }

    /** Writes one element to a little-endian buffer; integers are expected to be whole and in range. */
    void write(ByteBuffer out, double v) {
        switch (this) {
            case FLOAT32 -> out.putFloat((float) v);
            case FLOAT64 -> out.putDouble(v);
            case UINT8, INT8 -> out.put((byte) (long) v);
            case INT16 -> out.putShort((short) (long) v);
            case INT32 -> out.putInt((int) (long) v);
            case INT64 -> out.putLong((long) v);
        }
    }
}
