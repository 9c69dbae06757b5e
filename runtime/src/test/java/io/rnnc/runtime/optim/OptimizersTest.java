package io.rnnc.runtime.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.rnnc.runtime.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Optimizers are found by name, with PyTorch's defaults, and an unknown name is refused clearly. */
class OptimizersTest {

    @Test
    void everyListedNameBuildsThatOptimizer() {
        assertEquals(List.of("sgd", "nesterov", "adagrad", "rmsprop", "adam", "adamw"), Optimizers.names());
        for (String name : Optimizers.names()) {
            assertEquals(name, Optimizers.named(name, 0, 0.9).name());
        }
    }

    @Test
    void namedOptimizersUsePyTorchDefaults() {
        assertSameSteps(new Adam(0.9, 0.999, 1e-8, 0.1), Optimizers.named("adam", 0.1, 0));
        assertSameSteps(new AdamW(0.9, 0.999, 1e-8, 0.1), Optimizers.named("adamw", 0.1, 0));
        assertSameSteps(new Adagrad(1e-10, 0), Optimizers.named("adagrad", 0, 0));
        assertSameSteps(new RmsProp(0.99, 1e-8, 0), Optimizers.named("rmsprop", 0, 0));
        assertSameSteps(new Sgd(0.5, true, 0.1), Optimizers.named("nesterov", 0.1, 0.5));
        assertSameSteps(new AdamW(0.9, 0.999, 1e-8, 0.01), new AdamW());
    }

    @Test
    void unknownNamesAndNesterovWithoutMomentumAreRefused() {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> Optimizers.named("adadelta", 0, 0));
        assertEquals("unknown optimizer `adadelta`; expected one of sgd, nesterov, adagrad, rmsprop, adam, adamw",
                unknown.getMessage());
        IllegalArgumentException still = assertThrows(IllegalArgumentException.class,
                () -> Optimizers.named("nesterov", 0, 0));
        assertEquals("optimizer `nesterov` needs a momentum > 0, but the momentum is 0", still.getMessage());
    }

    /** Two steps, so that the decay and momentum settings show; the tiny gradient shows eps. */
    private static void assertSameSteps(Optimizer expected, Optimizer actual) {
        Map<String, Tensor> a = Map.of("p", new Tensor(new int[] {2}, new double[] {1, -2}));
        Map<String, Tensor> b = Map.of("p", new Tensor(new int[] {2}, new double[] {1, -2}));
        for (int t = 0; t < 2; t++) {
            Map<String, Tensor> g = Map.of("p", new Tensor(new int[] {2}, new double[] {0.3 - t, 1e-9}));
            expected.step(a, g, 0.1);
            actual.step(b, Map.of("p", g.get("p").copy()), 0.1);
        }
        assertArrayEquals(a.get("p").data(), b.get("p").data(), actual.name());
    }
}
