package io.rnnc.runtime.layer;

import static io.rnnc.runtime.layer.DenseTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

/** Each activation computes its function, and its derivative from the output matches finite differences. */
class ActivationTest {

    @Test
    void computesItsFunction() {
        assertEquals(-1.5, Activation.IDENTITY.apply(-1.5));
        assertEquals(Math.tanh(0.7), Activation.TANH.apply(0.7));
        assertEquals(0, Activation.RELU.apply(-2));
        assertEquals(3, Activation.RELU.apply(3));
        assertEquals(0.5, Activation.SIGMOID.apply(0));
        assertEquals(1 / (1 + Math.exp(-1.3)), Activation.SIGMOID.apply(1.3), 1e-16);
        assertEquals(1 / (1 + Math.exp(2.1)), Activation.SIGMOID.apply(-2.1), 1e-16);
    }

    @Test
    void sigmoidSaturatesWithoutOverflow() {
        assertEquals(1, Activation.SIGMOID.apply(1000));
        assertEquals(0, Activation.SIGMOID.apply(-1000));
    }

    @Test
    void derivativeFromOutputMatchesFiniteDifferences() {
        double eps = 1e-6;
        for (Activation a : Activation.values()) {
            for (double x : new double[] {-2.3, -0.4, 0.3, 1.7}) {
                double numeric = (a.apply(x + eps) - a.apply(x - eps)) / (2 * eps);
                assertEquals(numeric, a.derivativeFromOutput(a.apply(x)), 1e-8, a + " at " + x);
            }
        }
    }

    @Test
    void namesIgnoreCaseAndLinearIsIdentity() {
        assertSame(Activation.TANH, Activation.named("tanh"));
        assertSame(Activation.RELU, Activation.named("ReLU"));
        assertSame(Activation.SIGMOID, Activation.named("SIGMOID"));
        assertSame(Activation.IDENTITY, Activation.named("linear"));
        assertMessage(() -> Activation.named("softplus"), "unknown activation 'softplus'");
        assertMessage(() -> Activation.named(null), "unknown activation");
    }
}
