package io.rnnc.runtime.init;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rnnc.runtime.tensor.Tensor;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Glorot initialisation stays inside its bound and has the variance 2 / (fanIn + fanOut), with the
 * fans read from a matrix stored [out, in]. The sample is large and seeded, and the 3% tolerance is
 * more than ten standard errors of the variance estimate, so the checks are deterministic and loose.
 */
class XavierTest {

    private static final int OUT = 300;
    private static final int IN = 500;
    private static final double VARIANCE = 2.0 / (IN + OUT);

    @Test
    void uniformStaysInsideItsBoundWithTheGlorotVariance() {
        Tensor w = Tensor.zeros(OUT, IN);
        Initializers.xavierUniform().fill(w, new Random(21));
        double bound = Math.sqrt(6.0 / (IN + OUT));
        double largest = 0;
        for (double v : w.data()) {
            largest = Math.max(largest, Math.abs(v));
        }
        assertTrue(largest <= bound, "every value within ±" + bound + ", largest " + largest);
        assertTrue(largest > 0.99 * bound, "the values reach out to the bound, largest " + largest);
        assertEquals(0, mean(w.data()), 0.01 * bound);
        assertEquals(VARIANCE, variance(w.data()), 0.03 * VARIANCE);
    }

    @Test
    void normalHasTheGlorotVariance() {
        Tensor w = Tensor.zeros(OUT, IN);
        Initializers.xavierNormal().fill(w, new Random(22));
        assertEquals(0, mean(w.data()), 0.01 * Math.sqrt(VARIANCE));
        assertEquals(VARIANCE, variance(w.data()), 0.03 * VARIANCE);
    }

    @Test
    void fansCountRowsAsOutputsAndColumnsAsInputsTimesTheRestOfTheShape() {
        assertEquals(List.of(5L, 3L), fans(Tensor.zeros(3, 5)));
        assertEquals(List.of(5L * 4 * 2, 3L * 4 * 2), fans(Tensor.zeros(3, 5, 4, 2)));
    }

    @Test
    void vectorsAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Initializers.xavierNormal().fill(Tensor.zeros(7), new Random(1)));
        assertEquals("xavier_normal needs a tensor of rank 2 or more, but the tensor has shape [7]", e.getMessage());
    }

    private static List<Long> fans(Tensor t) {
        long[] f = Shapes.fans(t, "xavier_uniform");
        return List.of(f[0], f[1]);
    }

    private static double mean(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v;
        }
        return s / x.length;
    }

    private static double variance(double[] x) {
        double m = mean(x);
        double s = 0;
        for (double v : x) {
            s += (v - m) * (v - m);
        }
        return s / (x.length - 1);
    }
}
