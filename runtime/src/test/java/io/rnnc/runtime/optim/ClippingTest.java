package io.rnnc.runtime.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.rnnc.runtime.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Clipping by value clamps each element; clipping by global norm does what clip_grad_norm_ does. */
class ClippingTest {

    @Test
    void globalNormClippingMatchesTorch() {
        for (JsonElement e : TorchCases.root().getAsJsonArray("clip_grad_norm")) {
            JsonObject c = e.getAsJsonObject();
            Map<String, Tensor> grads = TorchCases.tensors(c.getAsJsonObject("grads"));
            double maxNorm = c.get("max_norm").getAsDouble();
            String what = "max norm " + maxNorm;
            TorchCases.assertClose(c.get("total_norm").getAsDouble(), Clipping.globalNorm(grads), what + ": norm");
            TorchCases.assertClose(c.get("total_norm").getAsDouble(), Clipping.byGlobalNorm(grads, maxNorm),
                    what + ": returned norm");
            JsonObject clipped = c.getAsJsonObject("clipped");
            for (String name : clipped.keySet()) {
                TorchCases.assertClose(TorchCases.doubles(clipped.get(name)), grads.get(name).data(), what + ": " + name);
            }
        }
    }

    @Test
    void globalNormIsTheNormOfAllElementsTogether() {
        Map<String, Tensor> grads = new LinkedHashMap<>();
        grads.put("a", vector(3, 4));
        grads.put("b", vector(12));
        assertEquals(13, Clipping.globalNorm(grads), 1e-15);
        assertEquals(0, Clipping.globalNorm(Map.of()));
        double norm = Clipping.byGlobalNorm(grads, 1.3);
        assertEquals(13, norm, 1e-15);
        assertEquals(1.3, Clipping.globalNorm(grads), 1e-6, "clipped to about the limit");
        assertTrue(Clipping.globalNorm(grads) < 1.3, "the epsilon keeps the result just below the limit");
    }

    @Test
    void byValueClampsEachElementAndKeepsNaN() {
        Map<String, Tensor> grads = Map.of("g", vector(-3, -1, -0.5, 0, 0.75, 1, 2, Double.NaN));
        Clipping.byValue(grads, 1);
        assertArrayEquals(new double[] {-1, -1, -0.5, 0, 0.75, 1, 1, Double.NaN}, grads.get("g").data());
    }

    @Test
    void badLimitsAreRefused() {
        Map<String, Tensor> grads = Map.of("g", vector(1));
        assertEquals("the clipping limit must be > 0 but is 0.0",
                assertThrows(IllegalArgumentException.class, () -> Clipping.byValue(grads, 0)).getMessage());
        assertEquals("the largest gradient norm must be >= 0 but is -1.0",
                assertThrows(IllegalArgumentException.class, () -> Clipping.byGlobalNorm(grads, -1)).getMessage());
    }

    private static Tensor vector(double... values) {
        return new Tensor(new int[] {values.length}, values);
    }
}
