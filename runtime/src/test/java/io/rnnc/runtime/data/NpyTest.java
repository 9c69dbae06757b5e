package io.rnnc.runtime.data;

import static io.rnnc.runtime.data.NumpyFiles.assertDataError;
import static io.rnnc.runtime.data.NumpyFiles.counting;
import static io.rnnc.runtime.data.NumpyFiles.file;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Npy reads what NumPy writes (every version and type it supports), writes it byte for byte, and refuses the rest in a sentence. */
class NpyTest {

    @Test
    void readsEachFormatVersionAndType() {
        NpyArray f4 = Npy.read(file("f4_v1.npy"));
        assertArrayEquals(new int[] {2, 3}, f4.shape());
        assertEquals(NpyType.FLOAT32, f4.type());
        assertArrayEquals(counting(6), f4.values());
        NpyArray f8 = Npy.read(file("f8_v2.npy"));
        assertEquals("(4,)", f8.shapeText());
        assertArrayEquals(counting(4), f8.values());
        NpyArray u1 = Npy.read(file("u1_v3.npy"));
        assertEquals(NpyType.UINT8, u1.type());
        assertArrayEquals(counting(8), u1.values());
        NpyArray scalar = Npy.read(file("i8_scalar.npy"));
        assertEquals(0, scalar.rank());
        assertArrayEquals(new double[] {7}, scalar.values());
        assertArrayEquals(new int[] {0, 3}, Npy.read(file("i4_empty.npy")).shape());
        assertArrayEquals(new double[] {-1, 0, 1}, Npy.read(file("i2.npy")).values());
        assertArrayEquals(new double[] {-2, -1, 0}, Npy.read(file("i1.npy")).values());
    }

    @Test
    void writesWhatNumPyWrites() throws IOException {
        for (String name : new String[] {"f4_v1.npy", "i8_scalar.npy", "i4_empty.npy", "i2.npy"}) {
            byte[] numpy = Files.readAllBytes(file(name));
            assertArrayEquals(numpy, Npy.bytes(Npy.read(file(name))), name);
        }
    }

    @Test
    void writesFormatTwoWhenTheHeaderDoesNotFitFormatOne() {
        int[] shape = new int[30000];
        Arrays.fill(shape, 1);
        NpyArray wide = new NpyArray("wide", shape, NpyType.UINT8, new double[] {9});
        byte[] bytes = Npy.bytes(wide);
        assertEquals(2, bytes[6]);
        assertEquals(0, (bytes.length - 1) % 64, "the data starts at a multiple of 64");
        NpyArray back = Npy.parse(bytes, "wide");
        assertArrayEquals(shape, back.shape());
        assertArrayEquals(new double[] {9}, back.values());
    }

    @Test
    void refusesWhatItDoesNotRead() {
        Path big = file("big_endian.npy");
        assertDataError(() -> Npy.read(big), big + ": holds big-endian values (>f4); save them little-endian, such as "
                + "with a.astype('<f4')");
        Path fortran = file("fortran.npy");
        assertDataError(() -> Npy.read(fortran), fortran + ": is stored in Fortran order; save it in C order, such as "
                + "with np.ascontiguousarray(a)");
        Path complex = file("complex.npy");
        assertDataError(() -> Npy.read(complex), complex + ": holds values of type <c8, which rnnc does not read "
                + "(float32, float64, uint8 and little-endian integers it does)");
        Path structured = file("structured.npy");
        assertDataError(() -> Npy.read(structured), structured + ": holds structured records; rnnc reads arrays of plain "
                + "numbers");
        Path missing = file("f4_v1.npy").resolveSibling("missing.npy");
        assertDataError(() -> Npy.read(missing), missing + ": file not found");
    }

    @Test
    void refusesDamagedFiles() throws IOException {
        byte[] good = Files.readAllBytes(file("f4_v1.npy"));
        assertDataError(() -> Npy.parse(Arrays.copyOf(good, good.length - 1), "a.npy"),
                "a.npy: has 23 bytes of data but a (2, 3) array of <f4 needs 24");
        assertDataError(() -> Npy.parse(Arrays.copyOf(good, 60), "a.npy"), "a.npy: ends inside its .npy header");
        assertDataError(() -> Npy.parse("PK\u0003\u0004 a zip".getBytes(StandardCharsets.ISO_8859_1), "a.npy"),
                "a.npy: not a NumPy .npy array (it does not start with \\x93NUMPY)");
        byte[] version4 = good.clone();
        version4[6] = 4;
        assertDataError(() -> Npy.parse(version4, "a.npy"), "a.npy: NumPy format version 4.0 is not supported (1.0, "
                + "2.0 and 3.0 are)");
        byte[] badHeader = good.clone();
        badHeader[10] = '[';
        assertDataError(() -> Npy.parse(badHeader, "a.npy"), "a.npy: the .npy header is not a dict of 'descr', "
                + "'fortran_order' and 'shape' (['descr': '<f4', 'fortran_order': False, 'shape': (2, 3), })");
    }

    @Test
    void headersAreReadStrictly() {
        assertArrayEquals(new int[] {5}, NpyHeader.parse("{'descr': '<f4', 'fortran_order': False, 'shape': (5,)}",
                "a").shape());
        assertArrayEquals(new int[] {2, 3}, NpyHeader.parse("{\"shape\": (2L, 3L), \"descr\": \"<f4\", "
                + "\"fortran_order\": False}", "a").shape());
        for (String bad : new String[] {
            "{'descr': '<f4', 'fortran_order': False, 'shape': (5)}",
            "{'descr': '<f4', 'fortran_order': False}",
            "{'descr': '<f4', 'fortran_order': False, 'shape': (5,), 'extra': 1}",
            "{'descr': '<f4', 'fortran_order': 0, 'shape': (5,)}",
            "{'descr': '<f4', 'fortran_order': False, 'shape': (-5,)}",
            "{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, 'shape': (5,)}",
            "{'descr': '<f4', 'fortran_order': False, 'shape': (5,)} trailing",
        }) {
            assertDataError(() -> NpyHeader.parse(bad, "a"), "a: the .npy header is not a dict of 'descr', "
                    + "'fortran_order' and 'shape' (" + bad + ")");
        }
        // Found by fuzzing: a damaged header with a line break inside it made a message of two lines.
        assertDataError(() -> NpyHeader.parse("{'descr': '<i8', 'fortran_order': Fal\nse, 'shape': (3,), }   \n", "a"),
                "a: the .npy header is not a dict of 'descr', 'fortran_order' and 'shape' ({'descr': '<i8', "
                        + "'fortran_order': Fal\\nse, 'shape': (3,), })");
        // A shape whose element count overflows a long is refused, not wrapped round to a small count.
        assertEquals(Long.MAX_VALUE, NpyArray.count(new int[] {65536, 65536, 65536, 65536, 65536}));
        assertEquals(0, NpyArray.count(new int[] {65536, 65536, 65536, 65536, 0}));
    }

    @Test
    void roundTripsEveryType(@TempDir Path dir) {
        for (NpyType type : NpyType.values()) {
            double[] values = type.integral() ? new double[] {0, 1, 2, 127} : new double[] {0.5, -1.25, 3e-3, 7};
            NpyArray a = new NpyArray("a", new int[] {2, 2}, type, values);
            NpyArray back = Npy.parse(Npy.bytes(a), "a");
            assertEquals(type, back.type());
            double[] expected = type == NpyType.FLOAT32 ? new double[] {0.5, -1.25, (float) 3e-3, 7} : values;
            assertArrayEquals(expected, back.values(), type.toString());
        }
    }
}
