package io.rnnc.runtime.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The float32 fast paths stay within a few ulp of the exact functions over their whole range. */
class FnTest {

    private static void assertClose(double expected, float actual, double relative, String what) {
        double err = Math.abs(actual - expected) / Math.max(Math.abs(expected), Float.MIN_NORMAL);
        assertTrue(err <= relative, what + ": got " + actual + ", expected " + expected + " (relative error " + err + ")");
    }

    @Test
    void expIsAccurateEverywhere() {
        for (float x = -80f; x <= 88f; x += 0.0137f) {
            assertClose(Math.exp(x), Fn.exp(x), 5e-7, "exp(" + x + ")");
        }
        assertEquals(0f, Fn.exp(-200f));
        assertEquals(Float.POSITIVE_INFINITY, Fn.exp(200f));
        assertEquals(1f, Fn.exp(0f));
    }

    @Test
    void sigmoidAndTanhAreAccurate() {
        for (float x = -40f; x <= 40f; x += 0.0071f) {
            assertClose(1 / (1 + Math.exp(-x)), Fn.sigmoid(x), 1e-6, "sigmoid(" + x + ")");
            double t = Math.tanh(x);
            float got = Fn.tanh(x);
            assertTrue(Math.abs(got - t) <= 1e-6 * Math.max(Math.abs(t), 1e-3), "tanh(" + x + ") = " + got + " vs " + t);
        }
    }

    /** Far out, where e^−2x overflows float32, tanh is ±1, not ∞/∞. */
    @Test
    void tanhSaturates() {
        for (float x = 9f; x <= 200f; x += 0.37f) {
            assertEquals(1f, Fn.tanh(x), "tanh(" + x + ")");
            assertEquals(-1f, Fn.tanh(-x), "tanh(" + -x + ")");
        }
        assertEquals(-1f, Fn.tanh(Float.NEGATIVE_INFINITY));
        assertEquals(1f, Fn.tanh(Float.POSITIVE_INFINITY));
    }
}
