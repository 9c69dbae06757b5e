package io.rnnc.runtime.layer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads the PyTorch-made reference cases stored as JSON test resources, and compares results with
 * them at a relative tolerance of 1e-9 of each tensor's largest magnitude.
 */
public final class TorchCases {
    /** The relative tolerance against PyTorch's float64 results. */
    public static final double TOLERANCE = 1e-9;

    private static final Gson GSON = new Gson();

    private TorchCases() {
    }

    /** The JSON object in the test resource at {@code path}, such as {@code /layer/cases.json}. */
    public static JsonObject load(String path) {
        InputStream in = TorchCases.class.getResourceAsStream(path);
        assertNotNull(in, "missing test resource " + path);
        try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            return JsonParser.parseReader(reader).getAsJsonObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A JSON value as a Java array type, such as {@code double[][][].class}. */
    public static <T> T as(JsonElement e, Class<T> type) {
        return GSON.fromJson(e, type);
    }

    /** Asserts that two nested arrays of doubles have one shape and agree within {@link #TOLERANCE}. */
    public static void assertClose(Object expected, Object actual, String what) {
        double[] e = flatten(expected, what);
        double[] a = flatten(actual, what);
        assertEquals(e.length, a.length, what + ": number of elements");
        double scale = Arrays.stream(e).map(Math::abs).max().orElse(0);
        for (int i = 0; i < e.length; i++) {
            double diff = Math.abs(e[i] - a[i]);
            assertTrue(diff <= TOLERANCE * scale, what + "[" + i + "]: expected " + e[i] + " but got " + a[i]);
        }
    }

    /** Asserts that a scalar agrees with PyTorch's within {@link #TOLERANCE} of its magnitude. */
    public static void assertClose(double expected, double actual, String what) {
        assertEquals(expected, actual, TOLERANCE * Math.abs(expected), what);
    }

    private static double[] flatten(Object nested, String what) {
        if (nested instanceof double[]) {
            return (double[]) nested;
        }
        assertTrue(nested instanceof Object[], what + ": not an array of doubles");
        Object[] parts = (Object[]) nested;
        return Arrays.stream(parts).map(p -> flatten(p, what)).flatMapToDouble(Arrays::stream).toArray();
    }
}
