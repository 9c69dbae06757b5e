package io.rnnc.runtime.init;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rnnc.runtime.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The simple rules fill exactly what they say, text forms round-trip, and bad forms are named. */
class InitializersTest {

    @Test
    void identityPutsTheScaleOnTheLeadingDiagonal() {
        Tensor square = filled(7, 3, 3);
        Initializers.identity(1).fill(square, new Random(1));
        assertArrayEquals(new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1}, square.data());
        Tensor tall = filled(7, 3, 2);
        Initializers.identity(0.5).fill(tall, new Random(1));
        assertArrayEquals(new double[] {0.5, 0, 0, 0.5, 0, 0}, tall.data());
        Tensor wide = filled(7, 2, 3);
        Initializers.parse("identity:2").fill(wide, new Random(1));
        assertArrayEquals(new double[] {2, 0, 0, 0, 2, 0}, wide.data());
    }

    @Test
    void identityRefusesAnythingButAMatrix() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Initializers.identity(1).fill(Tensor.zeros(2, 2, 2), new Random(1)));
        assertEquals("identity needs a matrix (rank 2), but the tensor has shape [2, 2, 2]", e.getMessage());
    }

    @Test
    void constantsFillEveryElementOfAnyShape() {
        Tensor v = filled(7, 4);
        Initializers.zeros().fill(v, new Random(1));
        assertArrayEquals(new double[4], v.data());
        Tensor m = Tensor.zeros(2, 2);
        Initializers.parse("constant:-0.25").fill(m, new Random(1));
        assertArrayEquals(new double[] {-0.25, -0.25, -0.25, -0.25}, m.data());
    }

    @Test
    void uniformRulesStayInsideTheirBoundsOnVectorsToo() {
        Tensor v = Tensor.zeros(2000);
        Initializers.pytorchRnn(64).fill(v, new Random(3));
        assertWithin(v, 0.125);
        Initializers.uniform(0.08).fill(v, new Random(3));
        assertWithin(v, 0.08);
    }

    @Test
    void theSameSeedGivesTheSameValues() {
        for (String spec : List.of("uniform:0.1", "xavier_normal", "orthogonal")) {
            Tensor a = Tensor.zeros(4, 6);
            Tensor b = Tensor.zeros(4, 6);
            Initializers.parse(spec).fill(a, new Random(8));
            Initializers.parse(spec).fill(b, new Random(8));
            assertArrayEquals(a.data(), b.data(), spec);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"zeros", "constant:0.5", "uniform:0.08", "xavier_uniform", "xavier_normal", "orthogonal",
        "identity", "identity:0.5", "pytorch_rnn:128"})
    void namesAreTheTextFormsTheyWereParsedFrom(String spec) {
        assertEquals(spec, Initializers.parse(spec).name());
    }

    @Test
    void xavierIsShortForXavierUniform() {
        assertEquals("xavier_uniform", Initializers.parse("xavier").name());
        Tensor a = Tensor.zeros(3, 4);
        Tensor b = Tensor.zeros(3, 4);
        Initializers.parse("xavier").fill(a, new Random(2));
        Initializers.xavierUniform().fill(b, new Random(2));
        assertArrayEquals(b.data(), a.data());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "he|unknown initializer `he`; expected one of zeros, constant:C, uniform:A, xavier, xavier_uniform, xavier_normal, orthogonal, identity, identity:S, pytorch_rnn:H",
        "constant|initializer `constant` needs a value, as in constant:0.1",
        "uniform:-1|initializer `uniform:-1` needs a bound > 0, not `-1`",
        "uniform:wide|initializer `uniform:wide` needs a bound > 0, not `wide`",
        "identity:NaN|initializer `identity:NaN` needs a finite scale, not `NaN`",
        "pytorch_rnn:0|initializer `pytorch_rnn:0` needs a whole hidden size >= 1, not `0`",
        "pytorch_rnn|initializer `pytorch_rnn` needs a value, as in pytorch_rnn:128",
        "xavier:2|initializer `xavier:2` takes no value; write `xavier_uniform`",
        "orthogonal:1|initializer `orthogonal:1` takes no value; write `orthogonal`",
    })
    void badFormsAreRefusedWithTheirText(String spec, String message) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, () -> Initializers.parse(spec)).getMessage());
    }

    private static void assertWithin(Tensor t, double bound) {
        double largest = 0;
        for (double v : t.data()) {
            largest = Math.max(largest, Math.abs(v));
        }
        assertTrue(largest <= bound && largest > 0.95 * bound, "largest magnitude " + largest + " for bound " + bound);
    }

    private static Tensor filled(double v, int... shape) {
        Tensor t = Tensor.zeros(shape);
        Arrays.fill(t.data(), v);
        return t;
    }
}
