package io.rnnc.runtime.io;

import static io.rnnc.runtime.io.RawFiles.f64;
import static io.rnnc.runtime.io.RawFiles.file;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every kind of broken file gives a one-line SafetensorsException that starts with the file name. */
class SafetensorsMalformedTest {

    @TempDir
    Path dir;

    /** The header entry of a tensor "a"; each argument is raw JSON, or null to leave the field out. */
    private static String a(String dtype, String shape, String offsets) {
        StringBuilder fields = new StringBuilder();
        if (dtype != null) {
            fields.append(",\"dtype\":").append(dtype);
        }
        if (shape != null) {
            fields.append(",\"shape\":").append(shape);
        }
        if (offsets != null) {
            fields.append(",\"data_offsets\":").append(offsets);
        }
        return "\"a\":{" + fields.substring(Math.min(1, fields.length())) + "}";
    }

    /** A file holding just tensor "a" over the given data. */
    private static byte[] onlyA(String dtype, String shape, String offsets, byte[] data) {
        return file("{" + a(dtype, shape, offsets) + "}", data);
    }

    private static final String B_AT_16 = "\"b\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[16,24]}";
    private static final String B_AT_0 = "\"b\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[0,8]}";
    private static final String F64 = "\"F64\"";
    private static final String BAD_OFFSETS = "\"data_offsets\" that are not a list of two non-negative integers";

    static Stream<Arguments> malformedFiles() {
        byte[] one = f64(1);
        byte[] none = new byte[0];
        return Stream.of(
                bad("empty file", none, "fewer than the 8-byte header length"),
                bad("5-byte file", new byte[5], "only 5 bytes"),
                bad("header longer than file", RawFiles.concat(RawFiles.lengthPrefix(8391), new byte[112]),
                        "not a safetensors file (header length 8391 exceeds the file size of 120 bytes)"),
                bad("header length with top bit set", RawFiles.lengthPrefix(-1),
                        "header length 18446744073709551615 exceeds the file size of 8 bytes"),
                bad("invalid UTF-8", RawFiles.concat(RawFiles.lengthPrefix(4), new byte[] {'{', (byte) 0xff, '}', ' '}),
                        "header is not valid UTF-8"),
                bad("truncated JSON", file("{\"a\":", none), "header is not valid JSON"),
                bad("lenient-only JSON", file("{a:{}}", none), "header is not valid JSON"),
                bad("text after JSON", file("{} {}", none), "not a safetensors file"),
                bad("deeply nested JSON", file("{\"a\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}", none),
                        "header is not valid JSON"),
                bad("empty header", file("", none), "header is not a JSON object"),
                bad("header is an array", file("[1,2]", none), "header is not a JSON object"),
                bad("header is a string", file("\"x\"", none), "header is not a JSON object"),
                bad("entry is a number", file("{\"a\":5}", none), "tensor \"a\" is not described by a JSON object"),
                bad("missing dtype", onlyA(null, "[1]", "[0,8]", one), "tensor \"a\" has no \"dtype\""),
                bad("missing shape", onlyA(F64, null, "[0,8]", one), "tensor \"a\" has no \"shape\""),
                bad("missing data_offsets", onlyA(F64, "[1]", null, one), "tensor \"a\" has no \"data_offsets\""),
                bad("dtype not a string", onlyA("64", "[1]", "[0,8]", one), "\"dtype\" that is not a string"),
                bad("unknown dtype", onlyA("\"F8\"", "[1]", "[0,8]", one), "tensor \"a\" has unknown dtype \"F8\""),
                bad("lower-case dtype", onlyA("\"f64\"", "[1]", "[0,8]", one), "unknown dtype \"f64\""),
                bad("shape is a string", onlyA(F64, "\"1\"", "[0,8]", one), "\"shape\" that is not a list of integers"),
                bad("fractional dimension", onlyA(F64, "[1.5]", "[0,8]", one), "\"shape\" that is not a list of integers"),
                bad("exponent dimension", onlyA(F64, "[1e0]", "[0,8]", one), "\"shape\" that is not a list of integers"),
                bad("negative dimension", onlyA(F64, "[-1,2]", "[0,8]", one),
                        "tensor \"a\" has a negative dimension -1 in its shape"),
                bad("dimension beyond int", onlyA(F64, "[99999999999999999999999]", "[0,8]", one),
                        "dimension 99999999999999999999999 that is too large"),
                bad("too many elements", onlyA("\"U8\"", "[65536,65536]", "[0,8]", one), "with too many elements"),
                bad("one offset", onlyA(F64, "[1]", "[8]", one), BAD_OFFSETS),
                bad("offsets not a list", onlyA(F64, "[1]", "{}", one), BAD_OFFSETS),
                bad("negative offset", onlyA(F64, "[1]", "[-8,0]", one), BAD_OFFSETS),
                bad("offsets reversed", onlyA(F64, "[0]", "[8,0]", one), "data_offsets [8, 0] that end before they begin"),
                bad("offsets past buffer", onlyA(F64, "[10]", "[0,80]", f64(1, 2)),
                        "data_offsets [0, 80] beyond the end of the 16-byte data buffer"),
                bad("huge offset", onlyA(F64, "[1]", "[0,123456789012345678901234567890]", one), "beyond the end"),
                bad("offsets disagree with shape", onlyA(F64, "[5,3]", "[0,16]", f64(1, 2)),
                        "data_offsets [0, 16] spanning 16 bytes but shape [5, 3] of F64 needs 120 bytes"),
                bad("offsets disagree with dtype", onlyA("\"F32\"", "[2]", "[0,16]", f64(1, 2)), "of F32 needs 8 bytes"),
                bad("gap between tensors", file("{" + a(F64, "[1]", "[0,8]") + "," + B_AT_16 + "}", f64(1, 2, 3)),
                        "tensor \"b\" starts at byte 16 of the data buffer instead of byte 8"),
                bad("overlapping tensors", file("{" + a(F64, "[1]", "[0,8]") + "," + B_AT_0 + "}", one),
                        "overlap or leave a gap"),
                bad("unused trailing data", onlyA(F64, "[1]", "[0,8]", f64(1, 2)),
                        "the data buffer has 16 bytes but the tensors cover only 8"),
                bad("metadata is a list", file("{\"__metadata__\":[\"x\"]}", none),
                        "\"__metadata__\" is not a JSON object"),
                bad("metadata number value", file("{\"__metadata__\":{\"k\":1}}", none),
                        "metadata value for key \"k\" is not a string"),
                bad("metadata null value", file("{\"__metadata__\":{\"k\":null}}", none),
                        "metadata value for key \"k\" is not a string"),
                bad("metadata object value", file("{\"__metadata__\":{\"k\":{}}}", none),
                        "metadata value for key \"k\" is not a string"));
    }

    private static Arguments bad(String label, byte[] bytes, String expected) {
        return Arguments.of(label, bytes, expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedFiles")
    void malformedFileIsReported(String label, byte[] bytes, String expected) throws IOException {
        Path file = RawFiles.write(dir, "bad.safetensors", bytes);
        String message = assertFails(file);
        assertTrue(message.contains(expected), () -> "expected '" + expected + "' in: " + message);
    }

    @Test
    void missingFile() {
        Path file = dir.resolve("cases").resolve("absent.safetensors");
        assertEquals(file + ": file not found", assertFails(file));
    }

    @Test
    void directoryInsteadOfFile() {
        assertEquals(dir + ": is a directory, not a safetensors file", assertFails(dir));
    }

    @Test
    void pathThroughARegularFile() throws IOException {
        Path plain = RawFiles.write(dir, "plain", new byte[1]);
        assertTrue(assertFails(plain.resolve("x.safetensors")).contains("cannot be read"));
    }

    @Test
    void unreadableFile() throws IOException {
        Path file = RawFiles.write(dir, "secret.safetensors", file("{}", new byte[0]));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
        assumeFalse(Files.isReadable(file), "permissions are not enforced for this user");
        assertEquals(file + ": cannot be read (permission denied)", assertFails(file));
    }

    @Test
    void headerAbove100MegabytesIsRejectedWithoutReadingIt() throws IOException {
        long headerLength = 200L * 1024 * 1024;
        Path file = RawFiles.write(dir, "huge.safetensors", RawFiles.lengthPrefix(headerLength));
        // A sparse file: the claimed header fits, yet nothing needs to be written to disk.
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(8 + headerLength);
        }
        assertTrue(assertFails(file).contains("header length 209715200 exceeds the limit of 104857600 bytes"));
    }

    /** Reads a file that must fail, checks the message shape, and returns the message. */
    static String assertFails(Path file) {
        SafetensorsException e = assertThrows(SafetensorsException.class, () -> Safetensors.read(file));
        String message = e.getMessage();
        assertTrue(message.startsWith(file + ": "), () -> "message does not start with the file name: " + message);
        assertFalse(message.contains("\n"), () -> "message is not one line: " + message);
        return message;
    }
}
