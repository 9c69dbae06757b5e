package io.rnnc.runtime.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Float32 row sums: the vector sums give the scalar sum's bits at every width and offset, also
 * once the JIT has compiled them, and the scalar sum is a sum.
 */
class RowSumsTest {
    /** Enough calls for the JIT to compile the sums. */
    private static final int ROUNDS = 20_000;

    @Test
    void vectorSumsGiveTheScalarSumsBits() {
        Random rng = new Random(7);
        float[] a = new float[300];
        for (int round = 0; round < ROUNDS; round++) {
            int w = rng.nextInt(200);
            int off = rng.nextInt(a.length - w + 1);
            for (int i = off; i < off + w; i++) {
                a[i] = (float) (rng.nextGaussian() * Math.exp(4 * rng.nextGaussian()));
            }
            int expected = Float.floatToRawIntBits(Rows.sum(a, off, w));
            String at = "w=" + w + " off=" + off + " round " + round;
            assertEquals(expected, Float.floatToRawIntBits(LaneSums.sum16(a, off, w)), at);
            assertEquals(expected, Float.floatToRawIntBits(LaneSums.sum8(a, off, w)), at);
            assertEquals(expected, Float.floatToRawIntBits(LaneSums.sum4(a, off, w)), at);
        }
    }

    @Test
    void theScalarSumIsTheSumWithinFloat32Rounding() {
        Random rng = new Random(11);
        for (int w = 0; w < 100; w++) {
            float[] a = new float[w + 3];
            double exact = 0;
            double magnitude = 0;
            for (int i = 3; i < a.length; i++) {
                a[i] = (float) rng.nextGaussian();
                exact += a[i];
                magnitude += Math.abs(a[i]);
            }
            float s = Rows.sum(a, 3, w);
            assertTrue(Math.abs(s - exact) <= 1e-6 * w * magnitude + 1e-30, "w=" + w + ": " + s + " against " + exact);
        }
    }

    @Test
    void rowsShorterThanSixteenAreSummedInOrder() {
        float[] a = {1e8f, 1f, -1e8f, 1f, 3f};
        assertEquals(((((0f + 1e8f) + 1f) + -1e8f) + 1f) + 3f, Rows.sum(a, 0, 5));
    }
}
