package io.rnnc.runtime.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.rnnc.runtime.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Each optimizer, replaying the gradients and learning rates of optim/cases.json, leaves the
 * parameters where torch.optim left them after every step, including a bias that gets no gradient
 * on some steps (its state starts late and its step count lags).
 */
class OptimizerAgainstTorchTest {

    @TestFactory
    Stream<DynamicTest> everyOptimizerMatchesTorchAfterEveryStep() {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonElement c : TorchCases.root().getAsJsonArray("optimizers")) {
            JsonObject setting = c.getAsJsonObject();
            tests.add(DynamicTest.dynamicTest(describe(setting), () -> replay(setting)));
        }
        return tests.stream();
    }

    @Test
    void theCasesCoverEveryOptimizer() {
        List<String> covered = new ArrayList<>();
        for (JsonElement c : TorchCases.root().getAsJsonArray("optimizers")) {
            covered.add(build(c.getAsJsonObject()).name());
        }
        for (String name : Optimizers.names()) {
            assertEquals(true, covered.contains(name), name + " has a PyTorch case");
        }
    }

    private static void replay(JsonObject setting) {
        JsonObject root = TorchCases.root();
        Map<String, Tensor> params = TorchCases.tensors(root.getAsJsonObject("start"));
        double[] lrs = TorchCases.doubles(root.get("lrs"));
        Optimizer optimizer = build(setting);
        for (int t = 0; t < lrs.length; t++) {
            Map<String, Tensor> grads = TorchCases.tensors(root.getAsJsonArray("grads").get(t).getAsJsonObject());
            optimizer.step(params, grads, lrs[t]);
            JsonObject expected = setting.getAsJsonArray("after").get(t).getAsJsonObject();
            for (String name : expected.keySet()) {
                TorchCases.assertClose(TorchCases.doubles(expected.get(name)), params.get(name).data(),
                        name + " after step " + t);
            }
        }
    }

    private static Optimizer build(JsonObject s) {
        double wd = s.get("weight_decay").getAsDouble();
        switch (s.get("optimizer").getAsString()) {
            case "sgd":
                return new Sgd(s.get("momentum").getAsDouble(), s.get("nesterov").getAsBoolean(), wd);
            case "adagrad":
                return new Adagrad(s.get("eps").getAsDouble(), wd);
            case "rmsprop":
                return new RmsProp(s.get("alpha").getAsDouble(), s.get("eps").getAsDouble(), wd);
            case "adam":
                return new Adam(s.get("beta1").getAsDouble(), s.get("beta2").getAsDouble(), s.get("eps").getAsDouble(), wd);
            case "adamw":
                return new AdamW(s.get("beta1").getAsDouble(), s.get("beta2").getAsDouble(), s.get("eps").getAsDouble(), wd);
            default:
                throw new IllegalStateException("case file names an unknown optimizer: " + s.get("optimizer"));
        }
    }

    private static String describe(JsonObject setting) {
        JsonObject copy = setting.deepCopy();
        copy.remove("after");
        return copy.toString();
    }
}
