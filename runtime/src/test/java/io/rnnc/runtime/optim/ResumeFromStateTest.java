package io.rnnc.runtime.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.rnnc.runtime.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Training that stops, saves the optimizer's state, and continues in a fresh optimizer ends
 * bit-for-bit where uninterrupted training ends.
 */
class ResumeFromStateTest {

    private static final int HALF = 6;

    @ParameterizedTest
    @ValueSource(strings = {"sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "adamw"})
    void resumingGivesTheSameUpdatesAsNeverStopping(String kind) {
        Supplier<Optimizer> make = () -> build(kind);
        Map<String, Tensor> straight = startParams();
        Optimizer uninterrupted = make.get();
        for (int t = 0; t < 2 * HALF; t++) {
            uninterrupted.step(straight, gradients(t), rate(t));
        }

        Map<String, Tensor> resumed = startParams();
        Optimizer first = make.get();
        for (int t = 0; t < HALF; t++) {
            first.step(resumed, gradients(t), rate(t));
        }
        Optimizer second = make.get();
        second.loadState(first.state());
        for (int t = HALF; t < 2 * HALF; t++) {
            second.step(resumed, gradients(t), rate(t));
        }

        for (String name : straight.keySet()) {
            assertArrayEquals(straight.get(name).data(), resumed.get(name).data(), name);
        }
        assertEquals(uninterrupted.state().keySet(), second.state().keySet());
        for (Map.Entry<String, Tensor> e : uninterrupted.state().entrySet()) {
            assertArrayEquals(e.getValue().data(), second.state().get(e.getKey()).data(), e.getKey());
        }
    }

    private static Optimizer build(String kind) {
        switch (kind) {
            case "momentum":
                return new Sgd(0.9, false, 0.01);
            case "nesterov":
                return new Sgd(0.9, true, 0.01);
            default:
                return Optimizers.named(kind, 0.01, 0);
        }
    }

    private static Map<String, Tensor> startParams() {
        Random rng = new Random(5);
        Map<String, Tensor> params = new LinkedHashMap<>();
        params.put("w", gaussian(rng, 3, 4));
        params.put("b", gaussian(rng, 4));
        return params;
    }

    /** The bias has no gradient on every third step, so its own step count lags the optimizer's. */
    private static Map<String, Tensor> gradients(int t) {
        Random rng = new Random(100 + t);
        Map<String, Tensor> grads = new LinkedHashMap<>();
        grads.put("w", gaussian(rng, 3, 4));
        if (t % 3 != 0) {
            grads.put("b", gaussian(rng, 4));
        }
        return grads;
    }

    private static double rate(int t) {
        return List.of(0.1, 0.03, 0.07).get(t % 3);
    }

    private static Tensor gaussian(Random rng, int... shape) {
        Tensor t = Tensor.zeros(shape);
        for (int i = 0; i < t.size(); i++) {
            t.data()[i] = rng.nextGaussian();
        }
        return t;
    }
}
