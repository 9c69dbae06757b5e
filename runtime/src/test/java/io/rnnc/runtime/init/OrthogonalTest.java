package io.rnnc.runtime.init;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.rnnc.runtime.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Orthogonal initialisation gives orthonormal columns (tall or square) or rows (wide), and from
 * the same Gaussian draws the very matrix torch.nn.init.orthogonal_ gives.
 */
class OrthogonalTest {

    @ParameterizedTest
    @CsvSource({"64, 64", "90, 30", "30, 90", "1, 5", "5, 1"})
    void resultHasOrthonormalColumnsOrRows(int rows, int cols) {
        Tensor t = Tensor.zeros(rows, cols);
        Initializers.orthogonal().fill(t, new Random(rows * 1000L + cols));
        boolean wide = rows < cols;
        int n = Math.min(rows, cols);
        int len = Math.max(rows, cols);
        for (int a = 0; a < n; a++) {
            for (int b = 0; b < n; b++) {
                double dot = 0;
                for (int i = 0; i < len; i++) {
                    dot += wide ? t.get(a, i) * t.get(b, i) : t.get(i, a) * t.get(i, b);
                }
                assertEquals(a == b ? 1 : 0, dot, 1e-12, "entry (" + a + ", " + b + ") of the Gram matrix");
            }
        }
    }

    @Test
    void sameGaussianDrawsGiveTorchsMatrix() throws IOException {
        for (JsonElement e : cases()) {
            JsonObject c = e.getAsJsonObject();
            int rows = c.getAsJsonArray("shape").get(0).getAsInt();
            double[] gaussian = doubles(c.getAsJsonArray("gaussian"));
            double[] expected = doubles(c.getAsJsonArray("orthogonal"));
            double[] actual = Orthogonal.orthonormalize(rows, gaussian.length / rows, gaussian);
            for (int i = 0; i < expected.length; i++) {
                assertEquals(expected[i], actual[i], 1e-12, c.get("shape") + " element " + i);
            }
        }
    }

    @Test
    void higherRankTensorsAreFlattenedAfterTheFirstDimension() {
        Tensor t = Tensor.zeros(2, 3, 2);
        Initializers.orthogonal().fill(t, new Random(4));
        double[] d = t.data();
        double dot = 0;
        double norm0 = 0;
        for (int i = 0; i < 6; i++) {
            dot += d[i] * d[6 + i];
            norm0 += d[i] * d[i];
        }
        assertEquals(0, dot, 1e-12);
        assertEquals(1, norm0, 1e-12);
    }

    @Test
    void vectorsAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Initializers.orthogonal().fill(Tensor.zeros(4), new Random(1)));
        assertEquals("orthogonal needs a tensor of rank 2 or more, but the tensor has shape [4]", e.getMessage());
    }

    private static JsonArray cases() throws IOException {
        try (InputStream in = OrthogonalTest.class.getResourceAsStream("/init/cases.json")) {
            return JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8)).getAsJsonObject()
                    .getAsJsonArray("orthogonal");
        }
    }

    private static double[] doubles(JsonArray a) {
        double[] out = new double[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).getAsDouble();
        }
        return out;
    }
}
