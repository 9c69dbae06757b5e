package io.rnnc.runtime.io;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * The validated JSON header of a safetensors file: where each tensor lives in the data buffer and
 * the string metadata. Every inconsistency is reported as a {@link SafetensorsException}.
 */
final class Header {

    static final String METADATA_KEY = "__metadata__";

    /** A plain JSON integer; fractions and exponents are not valid sizes or offsets. */
    private static final Pattern INTEGER = Pattern.compile("-?(0|[1-9][0-9]*)");

    /** Longer literals may not fit a long; they are clamped, which still fails every range check. */
    private static final int MAX_EXACT_DIGITS = 18;

    /**
     * Where one tensor lives.
     *
     * @param name the tensor name
     * @param dtype the stored element type
     * @param shape the dimensions
     * @param count the element count
     * @param begin the first byte in the data buffer
     * @param end one past the last byte in the data buffer
     */
    record Entry(String name, DType dtype, int[] shape, int count, long begin, long end) {}

    private final String file;
    private final long bufferSize;
    final List<Entry> entries = new ArrayList<>();
    final Map<String, String> metadata = new LinkedHashMap<>();

    private Header(String file, long bufferSize) {
        this.file = file;
        this.bufferSize = bufferSize;
    }

    /**
     * Parses and validates a header.
     *
     * @param file the file name used in messages
     * @param utf8 the header bytes
     * @param bufferSize the size of the data buffer that follows the header
     * @return the header, with entries in file order
     * @throws SafetensorsException if the header is malformed or inconsistent with the buffer
     */
    static Header parse(String file, ByteBuffer utf8, long bufferSize) throws SafetensorsException {
        Header header = new Header(file, bufferSize);
        JsonObject root = header.parseJson(utf8);
        for (Map.Entry<String, JsonElement> member : root.entrySet()) {
            if (member.getKey().equals(METADATA_KEY)) {
                header.parseMetadata(member.getValue());
            } else {
                header.entries.add(header.parseEntry(member.getKey(), member.getValue()));
            }
        }
        header.checkPacked();
        return header;
    }

    private JsonObject parseJson(ByteBuffer utf8) throws SafetensorsException {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(utf8)
                    .toString();
        } catch (CharacterCodingException e) {
            throw notSafetensors("the header is not valid UTF-8");
        }
        JsonElement root;
        try {
            // Strict, so that a header the reference implementations reject is rejected here too.
            JsonReader reader = new JsonReader(new StringReader(text));
            reader.setStrictness(Strictness.STRICT);
            root = JsonParser.parseReader(reader);
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw notSafetensors("the header has text after its JSON object");
            }
        } catch (IOException | JsonParseException e) {
            throw notSafetensors("the header is not valid JSON");
        }
        if (!root.isJsonObject()) {
            throw notSafetensors("the header is not a JSON object");
        }
        return root.getAsJsonObject();
    }

    private void parseMetadata(JsonElement value) throws SafetensorsException {
        if (value.isJsonNull()) {
            return;
        }
        if (!value.isJsonObject()) {
            throw error("\"" + METADATA_KEY + "\" is not a JSON object");
        }
        for (Map.Entry<String, JsonElement> member : value.getAsJsonObject().entrySet()) {
            if (!(member.getValue() instanceof JsonPrimitive p && p.isString())) {
                throw error("metadata value for key " + quote(member.getKey()) + " is not a string");
            }
            metadata.put(member.getKey(), p.getAsString());
        }
    }

    private Entry parseEntry(String name, JsonElement value) throws SafetensorsException {
        String tensor = "tensor " + quote(name);
        if (!value.isJsonObject()) {
            throw error(tensor + " is not described by a JSON object");
        }
        JsonObject fields = value.getAsJsonObject();
        DType dtype = parseDType(tensor, fields.get("dtype"));
        int[] shape = parseShape(tensor, fields.get("shape"));
        long[] offsets = parseOffsets(tensor, fields.get("data_offsets"));
        int count = elementCount(tensor, shape);
        long expected = (long) count * dtype.byteSize();
        if (offsets[1] - offsets[0] != expected) {
            throw error(tensor + " has data_offsets " + Arrays.toString(offsets) + " spanning "
                    + (offsets[1] - offsets[0]) + " bytes but shape " + Arrays.toString(shape)
                    + " of " + dtype + " needs " + expected + " bytes");
        }
        return new Entry(name, dtype, shape, count, offsets[0], offsets[1]);
    }

    private DType parseDType(String tensor, JsonElement value) throws SafetensorsException {
        if (value == null) {
            throw error(tensor + " has no \"dtype\"");
        }
        if (!(value instanceof JsonPrimitive p && p.isString())) {
            throw error(tensor + " has a \"dtype\" that is not a string");
        }
        return DType.fromName(p.getAsString())
                .orElseThrow(() -> error(tensor + " has unknown dtype " + quote(p.getAsString())));
    }

    private int[] parseShape(String tensor, JsonElement value) throws SafetensorsException {
        if (value == null) {
            throw error(tensor + " has no \"shape\"");
        }
        if (!value.isJsonArray()) {
            throw error(tensor + " has a \"shape\" that is not a list of integers");
        }
        JsonArray dims = value.getAsJsonArray();
        int[] shape = new int[dims.size()];
        for (int i = 0; i < shape.length; i++) {
            OptionalLong dim = integer(dims.get(i));
            if (dim.isEmpty()) {
                throw error(tensor + " has a \"shape\" that is not a list of integers");
            }
            if (dim.getAsLong() < 0) {
                throw error(tensor + " has a negative dimension " + dims.get(i) + " in its shape");
            }
            if (dim.getAsLong() > Integer.MAX_VALUE) {
                throw error(tensor + " has a dimension " + dims.get(i) + " that is too large");
            }
            shape[i] = (int) dim.getAsLong();
        }
        return shape;
    }

    private long[] parseOffsets(String tensor, JsonElement value) throws SafetensorsException {
        if (value == null) {
            throw error(tensor + " has no \"data_offsets\"");
        }
        String malformed = tensor + " has \"data_offsets\" that are not a list of two non-negative integers";
        if (!value.isJsonArray() || value.getAsJsonArray().size() != 2) {
            throw error(malformed);
        }
        JsonArray pair = value.getAsJsonArray();
        OptionalLong begin = integer(pair.get(0));
        OptionalLong end = integer(pair.get(1));
        if (begin.isEmpty() || end.isEmpty() || begin.getAsLong() < 0 || end.getAsLong() < 0) {
            throw error(malformed);
        }
        String shown = "[" + pair.get(0) + ", " + pair.get(1) + "]";
        if (end.getAsLong() < begin.getAsLong()) {
            throw error(tensor + " has data_offsets " + shown + " that end before they begin");
        }
        if (end.getAsLong() > bufferSize) {
            throw error(tensor + " has data_offsets " + shown + " beyond the end of the "
                    + bufferSize + "-byte data buffer");
        }
        return new long[] {begin.getAsLong(), end.getAsLong()};
    }

    private int elementCount(String tensor, int[] shape) throws SafetensorsException {
        long count = 1;
        for (int d : shape) {
            // Clamping just above the int range keeps the product inside a long.
            count = Math.min(count * d, (long) Integer.MAX_VALUE + 1);
        }
        if (count > Integer.MAX_VALUE) {
            throw error(tensor + " has shape " + Arrays.toString(shape) + " with too many elements");
        }
        return (int) count;
    }

    /**
     * Requires the tensors to tile the data buffer exactly, as the format demands. Besides catching
     * corrupt offsets, this bounds the decoded size by the file size, so a small file cannot make
     * the reader allocate huge arrays through many tensors sharing one region.
     */
    private void checkPacked() throws SafetensorsException {
        List<Entry> byOffset = new ArrayList<>(entries);
        byOffset.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long next = 0;
        for (Entry e : byOffset) {
            if (e.begin() != next) {
                throw error("tensor " + quote(e.name()) + " starts at byte " + e.begin()
                        + " of the data buffer instead of byte " + next
                        + ", so tensors overlap or leave a gap");
            }
            next = e.end();
        }
        if (next != bufferSize) {
            throw error("the data buffer has " + bufferSize + " bytes but the tensors cover only " + next);
        }
    }

    /** Reads a JSON integer literal; empty if the element is anything else. */
    private static OptionalLong integer(JsonElement value) {
        if (!(value instanceof JsonPrimitive p && p.isNumber())) {
            return OptionalLong.empty();
        }
        String literal = p.getAsString();
        if (!INTEGER.matcher(literal).matches()) {
            return OptionalLong.empty();
        }
        boolean negative = literal.startsWith("-");
        if (literal.length() - (negative ? 1 : 0) > MAX_EXACT_DIGITS) {
            return OptionalLong.of(negative ? Long.MIN_VALUE : Long.MAX_VALUE);
        }
        return OptionalLong.of(Long.parseLong(literal));
    }

    /** Quotes a name as a JSON string, so that odd characters cannot garble the message. */
    private static String quote(String s) {
        return new JsonPrimitive(s).toString();
    }

    private SafetensorsException notSafetensors(String reason) {
        return error("not a safetensors file (" + reason + ")");
    }

    private SafetensorsException error(String problem) {
        return new SafetensorsException(file + ": " + problem);
    }
}
