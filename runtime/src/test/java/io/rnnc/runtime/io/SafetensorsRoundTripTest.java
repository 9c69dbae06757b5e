package io.rnnc.runtime.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rnnc.runtime.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** What {@link Safetensors#write} stores, {@link Safetensors#read} gives back. */
class SafetensorsRoundTripTest {

    @TempDir
    Path dir;

    private static final double[] AWKWARD = {
        0.1, -0.0, 1.0 / 3, Double.MIN_VALUE, Double.MAX_VALUE, Double.NaN,
        Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1e-310, 123456789.123456789
    };

    @Test
    void f64IsBitExact() throws Exception {
        Map<String, Tensor> tensors = Map.of(
                "w", new Tensor(new int[] {2, 5}, AWKWARD.clone()),
                "b", new Tensor(new int[] {3}, new double[] {1, 2, 3}));
        Safetensors.Contents back = roundTrip(tensors, Map.of(), DType.F64);
        for (String name : tensors.keySet()) {
            Tensor expected = tensors.get(name);
            Tensor actual = back.tensors().get(name);
            assertArrayEquals(expected.shape(), actual.shape());
            for (int i = 0; i < expected.size(); i++) {
                assertEquals(Double.doubleToRawLongBits(expected.data()[i]), Double.doubleToRawLongBits(actual.data()[i]));
            }
            assertEquals(DType.F64, back.dtypes().get(name));
        }
    }

    @Test
    void f32RoundsToFloat() throws Exception {
        Tensor w = new Tensor(new int[] {10}, AWKWARD.clone());
        Safetensors.Contents back = roundTrip(Map.of("w", w), Map.of(), DType.F32);
        double[] actual = back.tensors().get("w").data();
        for (int i = 0; i < AWKWARD.length; i++) {
            assertEquals((double) (float) AWKWARD[i], actual[i]);
        }
        assertEquals(DType.F32, back.dtypes().get("w"));
    }

    @Test
    void metadataRoundTrips() throws Exception {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("cell", "stdlib:rnn_tanh");
        metadata.put("quote\"and\\slash", "line\nbreak, <html> & ünïcödé ✓");
        metadata.put("", "");
        Safetensors.Contents back = roundTrip(Map.of("x", Tensor.zeros(1)), metadata, DType.F64);
        assertEquals(metadata, back.metadata());
    }

    @Test
    void emptyOrNullMetadataIsOmitted() throws Exception {
        for (Map<String, String> metadata : Arrays.asList(Map.<String, String>of(), null)) {
            Path file = dir.resolve("plain.safetensors");
            Safetensors.write(file, Map.of("x", Tensor.zeros(2)), metadata, DType.F64);
            assertFalse(headerOf(file).contains("__metadata__"));
            assertTrue(Safetensors.read(file).metadata().isEmpty());
        }
    }

    @Test
    void scalarAndEmptyTensors() throws Exception {
        Tensor scalar = new Tensor(new int[0], new double[] {2.5});
        Map<String, Tensor> tensors = Map.of(
                "scalar", scalar, "empty", Tensor.zeros(0), "empty_rows", Tensor.zeros(0, 3));
        Safetensors.Contents back = roundTrip(tensors, Map.of(), DType.F64);
        assertEquals(0, back.tensors().get("scalar").rank());
        assertEquals(2.5, back.tensors().get("scalar").get());
        assertArrayEquals(new int[] {0}, back.tensors().get("empty").shape());
        assertArrayEquals(new int[] {0, 3}, back.tensors().get("empty_rows").shape());
        assertEquals(0, back.tensors().get("empty_rows").size());
    }

    @Test
    void noTensorsAtAll() throws Exception {
        Safetensors.Contents back = roundTrip(Map.of(), Map.of("k", "v"), DType.F32);
        assertTrue(back.tensors().isEmpty());
        assertEquals(Map.of("k", "v"), back.metadata());
    }

    @Test
    void layoutIsSortedPaddedAndPacked() throws Exception {
        Path file = dir.resolve("layout.safetensors");
        Safetensors.write(file, Map.of("b", Tensor.zeros(3), "a", Tensor.zeros(1, 2)), Map.of(), DType.F32);
        byte[] bytes = Files.readAllBytes(file);
        long headerLength = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, headerLength % 8);
        assertEquals(8 + headerLength + 5 * 4, bytes.length);
        assertEquals("{\"a\":{\"dtype\":\"F32\",\"shape\":[1,2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[8,20]}}", headerOf(file).strip());
        assertEquals(List.of("a", "b"), List.copyOf(Safetensors.read(file).tensors().keySet()));
    }

    @Test
    void writingTwiceGivesIdenticalBytes() throws Exception {
        Map<String, Tensor> tensors = Map.of("z", Tensor.zeros(4), "y", new Tensor(new int[] {2}, new double[] {1, 2}));
        Path first = dir.resolve("first.safetensors");
        Path second = dir.resolve("second.safetensors");
        Safetensors.write(first, tensors, Map.of("b", "2", "a", "1"), DType.F64);
        Safetensors.write(second, new LinkedHashMap<>(tensors), Map.of("a", "1", "b", "2"), DType.F64);
        assertArrayEquals(Files.readAllBytes(first), Files.readAllBytes(second));
    }

    @Test
    void replacesExistingFileAndLeavesNoTemporaryFiles() throws Exception {
        Path file = dir.resolve("nested").resolve("deeper").resolve("model.safetensors");
        Safetensors.write(file, Map.of("x", Tensor.zeros(100)), Map.of(), DType.F64);
        Safetensors.write(file, Map.of("y", Tensor.zeros(1)), Map.of(), DType.F64);
        assertEquals(List.of("y"), List.copyOf(Safetensors.read(file).tensors().keySet()));
        assertEquals(List.of(file), filesIn(file.getParent()));
    }

    @Test
    void failedWriteLeavesNoTemporaryFile() throws Exception {
        Path target = dir.resolve("occupied.safetensors");
        Files.createDirectories(target.resolve("child"));
        assertThrows(IOException.class,
                () -> Safetensors.write(target, Map.of("x", Tensor.zeros(1)), Map.of(), DType.F64));
        assertEquals(List.of(target), filesIn(dir));
    }

    @Test
    void rejectsUnsupportedWriteRequests() {
        Path file = dir.resolve("never.safetensors");
        assertThrows(IllegalArgumentException.class,
                () -> Safetensors.write(file, Map.of("x", Tensor.zeros(1)), Map.of(), DType.I32));
        assertThrows(IllegalArgumentException.class,
                () -> Safetensors.write(file, Map.of("__metadata__", Tensor.zeros(1)), Map.of(), DType.F64));
        assertFalse(Files.exists(file));
    }

    @Test
    @Timeout(30)
    void fiftyMegabyteFile() throws Exception {
        int n = 50 * 1024 * 1024 / 8;
        double[] values = new Random(7).doubles(n).toArray();
        Tensor big = new Tensor(new int[] {n / 128, 128}, values);
        Safetensors.Contents back = roundTrip(Map.of("big", big), Map.of(), DType.F64);
        assertArrayEquals(values, back.tensors().get("big").data());
    }

    private Safetensors.Contents roundTrip(Map<String, Tensor> tensors, Map<String, String> metadata, DType dtype)
            throws IOException, SafetensorsException {
        Path file = dir.resolve("roundtrip.safetensors");
        Safetensors.write(file, tensors, metadata, dtype);
        return Safetensors.read(file);
    }

    private static String headerOf(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        int length = (int) ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
        return new String(bytes, 8, length, StandardCharsets.UTF_8);
    }

    private static List<Path> filesIn(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.toList();
        }
    }
}
