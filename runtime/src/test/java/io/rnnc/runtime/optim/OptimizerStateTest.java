package io.rnnc.runtime.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.rnnc.runtime.tensor.Tensor;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** What an optimizer's state holds, and how a bad state or a bad step is refused. */
class OptimizerStateTest {

    @Test
    void stateNamesCountsAndSlotsPerParameter() {
        Optimizer adam = new Adam();
        Map<String, Tensor> params = params();
        adam.step(params, Map.of("w", filled(0.5, 2, 3)), 0.1);
        adam.step(params, grads(), 0.1);
        Map<String, Tensor> state = adam.state();
        assertEquals(List.of("step", "step.w", "exp_avg.w", "exp_avg_sq.w", "step.b", "exp_avg.b", "exp_avg_sq.b"),
                List.copyOf(state.keySet()));
        assertArrayEquals(new double[] {2}, state.get("step").data());
        assertArrayEquals(new double[] {2}, state.get("step.w").data());
        assertArrayEquals(new double[] {1}, state.get("step.b").data(), "b had a gradient once");
        assertArrayEquals(new int[] {2, 3}, state.get("exp_avg_sq.w").shape());
    }

    @Test
    void stateIsASnapshot() {
        Optimizer sgd = new Sgd(0.9, false, 0);
        Map<String, Tensor> params = params();
        sgd.step(params, grads(), 0.1);
        Map<String, Tensor> saved = sgd.state();
        double[] before = saved.get("momentum_buffer.w").data().clone();
        sgd.step(params, grads(), 0.1);
        assertArrayEquals(before, saved.get("momentum_buffer.w").data());
    }

    @Test
    void aParameterWithoutGradientIsLeftAlone() {
        Map<String, Tensor> params = params();
        double[] bias = params.get("b").data().clone();
        Optimizer adamw = new AdamW();
        adamw.step(params, Map.of("w", filled(1, 2, 3)), 0.1);
        assertArrayEquals(bias, params.get("b").data(), "not even decoupled weight decay touches it");
        assertEquals(false, adamw.state().containsKey("exp_avg.b"));
    }

    @Test
    void loadingRejectsAMissingKeyByName() {
        Map<String, Tensor> state = trainedAdamState();
        state.remove("exp_avg_sq.b");
        assertMessage("optimizer state has no `exp_avg_sq.b`", () -> new Adam().loadState(state));
        Map<String, Tensor> noStep = trainedAdamState();
        noStep.remove("step");
        assertMessage("optimizer state has no `step`", () -> new Adam().loadState(noStep));
        Map<String, Tensor> noCount = trainedAdamState();
        noCount.remove("step.w");
        assertMessage("optimizer state has `exp_avg.w` but no step count `step.w`", () -> new Adam().loadState(noCount));
    }

    @Test
    void loadingRejectsWrongShapesAndCountsByName() {
        Map<String, Tensor> state = trainedAdamState();
        state.put("exp_avg_sq.w", Tensor.zeros(3, 2));
        assertMessage("optimizer state `exp_avg_sq.w` has shape [3, 2] but `exp_avg.w` has [2, 3]",
                () -> new Adam().loadState(state));
        Map<String, Tensor> longStep = trainedAdamState();
        longStep.put("step", Tensor.zeros(2));
        assertMessage("optimizer state `step` must hold one count but has shape [2]", () -> new Adam().loadState(longStep));
        Map<String, Tensor> halfStep = trainedAdamState();
        halfStep.put("step.b", new Tensor(new int[] {1}, new double[] {1.5}));
        assertMessage("optimizer state `step.b` must be a whole number >= 0 but is 1.5", () -> new Adam().loadState(halfStep));
    }

    @Test
    void loadingAnotherOptimizersStateIsRefused() {
        Map<String, Tensor> state = trainedAdamState();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Sgd(0.9, false, 0).loadState(state));
        assertEquals("optimizer state key `exp_avg.w` does not belong to sgd, whose state holds step, step.<param>, "
                + "momentum_buffer.<param>", e.getMessage());
    }

    @Test
    void aLoadedSlotOfTheWrongShapeIsCaughtAtTheNextStep() {
        Map<String, Tensor> state = trainedAdamState();
        state.put("exp_avg.b", Tensor.zeros(5));
        state.put("exp_avg_sq.b", Tensor.zeros(5));
        Optimizer adam = new Adam();
        adam.loadState(state);
        assertMessage("optimizer state `exp_avg.b` has shape [5] but its parameter has [3]",
                () -> adam.step(params(), grads(), 0.1));
    }

    @Test
    void badStepsAreRefusedBeforeAnythingChanges() {
        Map<String, Tensor> params = params();
        double[] w = params.get("w").data().clone();
        Optimizer rmsprop = new RmsProp(0.99, 1e-8, 0);
        Map<String, Tensor> stray = new LinkedHashMap<>(grads());
        stray.put("v", Tensor.zeros(1));
        assertMessage("gradient `v` has no parameter of that name", () -> rmsprop.step(params, stray, 0.1));
        Map<String, Tensor> misshapen = new LinkedHashMap<>(grads());
        misshapen.put("b", Tensor.zeros(4));
        assertMessage("gradient `b` has shape [4] but its parameter has [3]", () -> rmsprop.step(params, misshapen, 0.1));
        assertMessage("the learning rate must be a finite number >= 0 but is -0.1", () -> rmsprop.step(params, grads(), -0.1));
        assertArrayEquals(w, params.get("w").data());
        assertEquals(0.0, rmsprop.state().get("step").data()[0], "a refused step is not counted");
    }

    @Test
    void settingsOutOfRangeAreRefused() {
        assertMessage("beta2 must be in [0, 1) but is 1.0", () -> new Adam(0.9, 1, 1e-8, 0));
        assertMessage("momentum must be in [0, 1) but is -0.5", () -> new Sgd(-0.5, false, 0));
        assertMessage("Nesterov momentum needs a momentum > 0, but the momentum is 0", () -> new Sgd(0, true, 0));
        assertMessage("weight decay must be a finite number >= 0 but is NaN", () -> new Adagrad(1e-10, Double.NaN));
    }

    private static Map<String, Tensor> trainedAdamState() {
        Optimizer adam = new Adam();
        adam.step(params(), grads(), 0.1);
        return new LinkedHashMap<>(adam.state());
    }

    private static Map<String, Tensor> params() {
        Map<String, Tensor> params = new LinkedHashMap<>();
        params.put("w", filled(1, 2, 3));
        params.put("b", filled(-1, 3));
        return params;
    }

    private static Map<String, Tensor> grads() {
        Map<String, Tensor> grads = new LinkedHashMap<>();
        grads.put("w", filled(0.25, 2, 3));
        grads.put("b", filled(-0.5, 3));
        return grads;
    }

    private static Tensor filled(double v, int... shape) {
        Tensor t = Tensor.zeros(shape);
        Arrays.fill(t.data(), v);
        return t;
    }

    private static void assertMessage(String expected, Executable action) {
        assertEquals(expected, assertThrows(IllegalArgumentException.class, action).getMessage());
    }
}
