package io.rnnc.runtime.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.rnnc.runtime.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads optim/cases.json, the values PyTorch computed (see make_cases.py beside it). */
final class TorchCases {

    /** Relative tolerance for agreement with PyTorch: a few ulps of accumulated rounding. */
    static final double RELATIVE = 1e-12;

    private static JsonObject cached;

    private TorchCases() {
    }

    static synchronized JsonObject root() {
        if (cached == null) {
            try (InputStream in = TorchCases.class.getResourceAsStream("/optim/cases.json")) {
                cached = JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8)).getAsJsonObject();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return cached;
    }

    static double[] doubles(JsonElement array) {
        JsonArray a = array.getAsJsonArray();
        double[] out = new double[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).getAsDouble();
        }
        return out;
    }

    /** Tensors named by {@code values}' keys, shaped as the case file's {@code shapes} says. */
    static Map<String, Tensor> tensors(JsonObject values) {
        JsonObject shapes = root().getAsJsonObject("shapes");
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (String name : values.keySet()) {
            double[] shape = doubles(shapes.get(name));
            int[] dims = new int[shape.length];
            for (int i = 0; i < dims.length; i++) {
                dims[i] = (int) shape[i];
            }
            out.put(name, new Tensor(dims, doubles(values.get(name))));
        }
        return out;
    }

    static void assertClose(double[] expected, double[] actual, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++) {
            assertClose(expected[i], actual[i], what + "[" + i + "]");
        }
    }

    static void assertClose(double expected, double actual, String what) {
        assertEquals(expected, actual, RELATIVE * Math.max(Math.abs(expected), 1e-3), what);
    }
}
