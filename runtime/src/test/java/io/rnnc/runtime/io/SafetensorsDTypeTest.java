package io.rnnc.runtime.io;

import static io.rnnc.runtime.io.RawFiles.file;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every stored dtype is widened to the right double. */
class SafetensorsDTypeTest {

    @TempDir
    Path dir;

    @Test
    void f16() throws Exception {
        byte[] data = RawFiles.u16(0x3C00, 0xC000, 0x7BFF, 0x0001, 0x03FF, 0x7C00, 0xFC00, 0x8000, 0x3555);
        double[] values = readOne("F16", data);
        assertArrayEquals(new double[] {
            1.0, -2.0, 65504.0, 0x1p-24, 0x3ffp-24, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0,
            0.333251953125
        }, values);
        assertEquals(Double.NaN, readOne("F16", RawFiles.u16(0x7E00))[0]);
    }

    @Test
    void bf16() throws Exception {
        assertArrayEquals(new double[] {1.0, -3.0, 0x1p-133}, readOne("BF16", RawFiles.u16(0x3F80, 0xC040, 0x0001)));
    }

    @Test
    void f32() throws Exception {
        ByteBuffer b = le(8).putFloat(0.1f).putFloat(-7.5f);
        assertArrayEquals(new double[] {0.1f, -7.5}, readOne("F32", b.array()));
    }

    @Test
    void signedIntegers() throws Exception {
        assertArrayEquals(new double[] {-5, 0x1p40}, readOne("I64", le(16).putLong(-5).putLong(1L << 40).array()));
        assertArrayEquals(new double[] {-7, Integer.MAX_VALUE},
                readOne("I32", le(8).putInt(-7).putInt(Integer.MAX_VALUE).array()));
        assertArrayEquals(new double[] {-300, 300}, readOne("I16", RawFiles.u16(-300, 300)));
        assertArrayEquals(new double[] {-128, 127}, readOne("I8", new byte[] {-128, 127}));
    }

    @Test
    void unsignedBytesAndBooleans() throws Exception {
        assertArrayEquals(new double[] {0, 255}, readOne("U8", new byte[] {0, (byte) 255}));
        assertArrayEquals(new double[] {0, 1, 1}, readOne("BOOL", new byte[] {0, 1, 2}));
    }

    @Test
    void storedDTypeIsReported() throws Exception {
        Path path = RawFiles.write(dir, "t.safetensors",
                file("{\"a\":{\"dtype\":\"BF16\",\"shape\":[],\"data_offsets\":[0,2]}}", RawFiles.u16(0x3F80)));
        assertEquals(DType.BF16, Safetensors.read(path).dtypes().get("a"));
    }

    /** Reads a one-dimensional tensor "t" holding {@code data} stored as {@code dtype}. */
    private double[] readOne(String dtype, byte[] data) throws Exception {
        int count = data.length / DType.fromName(dtype).orElseThrow().byteSize();
        String header = "{\"t\":{\"dtype\":\"" + dtype + "\",\"shape\":[" + count + "],"
                + "\"data_offsets\":[0," + data.length + "]}}";
        Path path = RawFiles.write(dir, dtype + ".safetensors", file(header, data));
        return Safetensors.read(path).tensors().get("t").data();
    }

    private static ByteBuffer le(int n) {
        return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
    }
}
