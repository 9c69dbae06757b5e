package io.rnnc.runtime.io;

import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.ShortBuffer;
import java.util.Optional;

/** An element type of the safetensors format; the constant names are the format's dtype strings. */
public enum DType {
    /** IEEE 754 binary64. */
    F64(8),
    /** IEEE 754 binary32. */
    F32(4),
    /** IEEE 754 binary16. */
    F16(2),
    /** bfloat16: the upper half of a binary32. */
    BF16(2),
    /** Signed 64-bit integer. */
    I64(8),
    /** Signed 32-bit integer. */
    I32(4),
    /** Signed 16-bit integer. */
    I16(2),
    /** Signed 8-bit integer. */
    I8(1),
    /** Unsigned 8-bit integer. */
    U8(1),
    /** Boolean stored as one byte; zero is false. */
    BOOL(1);

    private final int byteSize;

    DType(int byteSize) {
        this.byteSize = byteSize;
    }

    /**
     * Returns the storage size of one element.
     *
     * @return the number of bytes per element
     */
    public int byteSize() {
        return byteSize;
    }

    /**
     * Looks up a dtype by its name in a safetensors header.
     *
     * @param name the dtype string, for example {@code "F32"}; case-sensitive
     * @return the dtype, or empty if the name is not one of the supported dtypes
     */
    public static Optional<DType> fromName(String name) {
        for (DType t : values()) {
            if (t.name().equals(name)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /**
     * Converts stored elements to doubles. 64-bit integers beyond 2^53 lose precision.
     *
     * @param bytes the elements in little-endian order, starting at index 0 of the buffer
     * @param out receives one value per element; its length is the element count
     */
    void decode(ByteBuffer bytes, double[] out) {
        switch (this) {
            case F64 -> bytes.asDoubleBuffer().get(out);
            case F32 -> {
                FloatBuffer b = bytes.asFloatBuffer();
                for (int i = 0; i < out.length; i++) {
                    out[i] = b.get(i);
                }
            }
            case F16 -> {
                ShortBuffer b = bytes.asShortBuffer();
                for (int i = 0; i < out.length; i++) {
                    out[i] = halfToDouble(b.get(i));
                }
            }
            case BF16 -> {
                ShortBuffer b = bytes.asShortBuffer();
                for (int i = 0; i < out.length; i++) {
                    out[i] = Float.intBitsToFloat(b.get(i) << 16);
                }
            }
            case I64 -> {
                LongBuffer b = bytes.asLongBuffer();
                for (int i = 0; i < out.length; i++) {
                    out[i] = b.get(i);
                }
            }
            case I32 -> {
                IntBuffer b = bytes.asIntBuffer();
                for (int i = 0; i < out.length; i++) {
                    out[i] = b.get(i);
                }
            }
            case I16 -> {
                ShortBuffer b = bytes.asShortBuffer();
                for (int i = 0; i < out.length; i++) {
                    out[i] = b.get(i);
                }
            }
            case I8 -> {
                for (int i = 0; i < out.length; i++) {
                    out[i] = bytes.get(i);
                }
            }
            case U8 -> {
                for (int i = 0; i < out.length; i++) {
                    out[i] = Byte.toUnsignedInt(bytes.get(i));
                }
            }
            case BOOL -> {
                for (int i = 0; i < out.length; i++) {
                    out[i] = bytes.get(i) != 0 ? 1.0 : 0.0;
                }
            }
        }
    }

    /** Decodes IEEE binary16; Java 17 has no built-in conversion. */
    static double halfToDouble(short bits) {
        int exponent = (bits >>> 10) & 0x1f;
        int mantissa = bits & 0x3ff;
        double magnitude;
        if (exponent == 0) {
            magnitude = Math.scalb((double) mantissa, -24);
        } else if (exponent == 0x1f) {
            magnitude = mantissa == 0 ? Double.POSITIVE_INFINITY : Double.NaN;
        } else {
            magnitude = Math.scalb((double) (0x400 | mantissa), exponent - 25);
        }
        return bits < 0 ? -magnitude : magnitude;
    }
}
