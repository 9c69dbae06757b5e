package io.rnnc.runtime.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.rnnc.runtime.tensor.Tensor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.Size;

/**
 * Whatever the bytes, {@link Safetensors#read} either returns consistent tensors or throws a
 * {@link SafetensorsException} naming the file; no other exception may escape. jqwik draws
 * files of known shapes (damaged copies of a valid one, plausible headers) afresh at every run;
 * Jazzer's {@link #readsOrNamesTheProblem} runs its corpus (valid files and every input that
 * ever failed, in {@code SafetensorsFuzzTestInputs}) with the tests, and grows it by coverage
 * when fuzzing ({@code bench/fuzz.sh}).
 */
class SafetensorsFuzzTest {

    /** A valid file touching several dtypes, a scalar, an empty tensor and metadata. */
    private static final byte[] VALID = RawFiles.file(
            "{\"__metadata__\":{\"cell\":\"stdlib:rnn_tanh\"},"
                    + "\"a\":{\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[0,16]},"
                    + "\"b\":{\"dtype\":\"F16\",\"shape\":[1,3],\"data_offsets\":[16,22]},"
                    + "\"c\":{\"dtype\":\"I8\",\"shape\":[],\"data_offsets\":[22,23]},"
                    + "\"d\":{\"dtype\":\"F32\",\"shape\":[0,4],\"data_offsets\":[23,23]}}  ",
            RawFiles.concat(RawFiles.f64(1.5, -2), RawFiles.u16(0x3C00, 0x7C00, 0x0001), new byte[] {-3}));

    private static final String JSON_CHARS = "{}[]\",:-0123456789.e aF6BOLU_\\";

    private static final List<String> DTYPES =
            List.of("F64", "F32", "F16", "BF16", "I64", "I32", "I16", "I8", "U8", "BOOL");

    @Example
    void validFileReads() throws Exception {
        Safetensors.Contents contents = readOrReport(VALID);
        assertEquals(List.of("a", "b", "c", "d"), List.copyOf(contents.tensors().keySet()));
    }

    @FuzzTest
    void readsOrNamesTheProblem(byte[] bytes) throws IOException {
        // From memory: a file per input would cost more than reading it.
        try {
            checkConsistent(Safetensors.read("fuzz.safetensors", Channels.newChannel(new ByteArrayInputStream(bytes)),
                    bytes.length));
        } catch (SafetensorsException e) {
            checkMessage(e, "fuzz.safetensors");
        }
    }

    @Property(tries = 500)
    void randomGarbage(@ForAll @Size(max = 200) byte[] bytes) throws IOException {
        readOrReport(bytes);
    }

    @Property(tries = 500)
    void jsonLikeTextAfterPlausibleLength(@ForAll("jsonLikeFiles") byte[] bytes) throws IOException {
        readOrReport(bytes);
    }

    @Property(tries = 300)
    void truncations(@ForAll("truncated") byte[] bytes) throws IOException {
        readOrReport(bytes);
    }

    @Property(tries = 1000)
    void bitFlips(@ForAll("bitFlipped") byte[] bytes) throws IOException {
        readOrReport(bytes);
    }

    @Property(tries = 1000)
    void headerCharacterEdits(@ForAll("headerEdited") byte[] bytes) throws IOException {
        readOrReport(bytes);
    }

    @Property(tries = 500)
    void packedRandomFilesAlwaysRead(@ForAll("packedFiles") byte[] bytes) throws Exception {
        assertTrue(readOrReport(bytes) != null, "a well-formed file was rejected");
    }

    @Property(tries = 1000)
    void randomHeaders(@ForAll("randomHeaderFiles") byte[] bytes) throws IOException {
        readOrReport(bytes);
    }

    @Provide
    Arbitrary<byte[]> truncated() {
        return Arbitraries.integers().between(0, VALID.length - 1).map(n -> Arrays.copyOf(VALID, n));
    }

    @Provide
    Arbitrary<byte[]> bitFlipped() {
        return Arbitraries.integers().between(0, VALID.length * 8 - 1).list().ofMinSize(1).ofMaxSize(6).map(bits -> {
            byte[] bytes = VALID.clone();
            for (int bit : bits) {
                bytes[bit / 8] ^= (byte) (1 << (bit % 8));
            }
            return bytes;
        });
    }

    /** Overwrites header characters with JSON punctuation and digits, which bit flips rarely produce. */
    @Provide
    Arbitrary<byte[]> headerEdited() {
        int headerEnd = VALID.length - 23;
        Arbitrary<int[]> edit = Combinators.combine(
                Arbitraries.integers().between(8, headerEnd - 1),
                Arbitraries.chars().with(JSON_CHARS.toCharArray()))
                .as((at, c) -> new int[] {at, c});
        return edit.list().ofMinSize(1).ofMaxSize(4).map(edits -> {
            byte[] bytes = VALID.clone();
            for (int[] e : edits) {
                bytes[e[0]] = (byte) e[1];
            }
            return bytes;
        });
    }

    @Provide
    Arbitrary<byte[]> jsonLikeFiles() {
        return Combinators.combine(
                Arbitraries.strings().withChars(JSON_CHARS.toCharArray()).ofMaxLength(60),
                Arbitraries.integers().between(0, 80),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(40))
                .as((text, length, data) -> RawFiles.concat(RawFiles.lengthPrefix(length),
                        text.getBytes(StandardCharsets.UTF_8), data));
    }

    /** Files that are well-formed by construction: random dtypes and shapes, packed in order. */
    @Provide
    Arbitrary<byte[]> packedFiles() {
        Arbitrary<String> dtype = Arbitraries.of(DTYPES);
        Arbitrary<List<Integer>> shape = Arbitraries.integers().between(0, 4).list().ofMaxSize(3);
        return Combinators.combine(dtype, shape).as(Map::entry).list().ofMaxSize(5).map(specs -> {
            StringBuilder header = new StringBuilder("{");
            long offset = 0;
            for (int i = 0; i < specs.size(); i++) {
                String type = specs.get(i).getKey();
                List<Integer> dims = specs.get(i).getValue();
                long bytes = dims.stream().mapToLong(Integer::longValue).reduce(1, (x, y) -> x * y)
                        * DType.fromName(type).orElseThrow().byteSize();
                header.append(i == 0 ? "" : ",").append(entry("t" + i, type, dims.toString(), offset, offset + bytes));
                offset += bytes;
            }
            return RawFiles.file(header.append("}").toString(), new byte[(int) offset]);
        });
    }

    /** Headers with plausible but mostly inconsistent entries, to reach every validation branch. */
    @Provide
    Arbitrary<byte[]> randomHeaderFiles() {
        Arbitrary<String> name = Arbitraries.of("a", "b", "c", "__metadata__");
        Arbitrary<String> dtype = Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.of(DTYPES)),
                Tuple.of(1, Arbitraries.of("F8", "f32", "")));
        Arbitrary<String> shape = Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.integers().between(-1, 4).list().ofMaxSize(3).map(List::toString)),
                Tuple.of(1, Arbitraries.of("[1.5]", "\"3\"", "null", "{}", "[99999999999]", "[65536,65536]")));
        Arbitrary<Integer> offset = Arbitraries.integers().between(-1, 40);
        Arbitrary<String> entry = Combinators.combine(name, dtype, shape, offset, offset)
                .as((n, t, s, begin, end) -> entry(n, t, s, begin, end));
        return Combinators.combine(entry.list().ofMaxSize(4), Arbitraries.integers().between(0, 40))
                .as((entries, dataSize) -> RawFiles.file("{" + String.join(",", entries) + "}", new byte[dataSize]));
    }

    private static String entry(String name, String dtype, String shape, long begin, long end) {
        return "\"" + name + "\":{\"dtype\":\"" + dtype + "\",\"shape\":" + shape.replace(" ", "")
                + ",\"data_offsets\":[" + begin + "," + end + "]}";
    }

    /**
     * Reads the bytes from a temporary file. Returns the contents after checking they are
     * self-consistent, or null after checking the exception message; anything else fails.
     */
    private static Safetensors.Contents readOrReport(byte[] bytes) throws IOException {
        Path file = Files.createTempFile("fuzz", ".safetensors");
        try {
            Files.write(file, bytes);
            return checkConsistent(Safetensors.read(file));
        } catch (SafetensorsException e) {
            checkMessage(e, file.toString());
            return null;
        } finally {
            Files.delete(file);
        }
    }

    private static Safetensors.Contents checkConsistent(Safetensors.Contents contents) {
        for (Map.Entry<String, Tensor> e : contents.tensors().entrySet()) {
            Tensor t = e.getValue();
            assertEquals(Arrays.stream(t.shape()).asLongStream().reduce(1, (x, y) -> x * y), t.size());
            assertTrue(contents.dtypes().containsKey(e.getKey()));
        }
        return contents;
    }

    /** One line that begins with the file's name. */
    private static void checkMessage(SafetensorsException e, String file) {
        assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }
}
