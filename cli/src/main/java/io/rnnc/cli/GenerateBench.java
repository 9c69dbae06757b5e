package io.rnnc.cli;

import io.rnnc.compiler.backend.Backend;
import io.rnnc.compiler.check.TypedCell;
import io.rnnc.compiler.model.ModelSpec;
import io.rnnc.compiler.model.Models;
import io.rnnc.runtime.blas.Blas;
import io.rnnc.runtime.layer.Sampler;
import io.rnnc.runtime.step.ModelStepper;
import io.rnnc.runtime.train.Model;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;

/**
 * `rnnc bench --generate`: a character model (one-hot inputs of V, the cell's layers, a dense
 * head) generating at batch 1, each token drawn from the softmax of the logits and fed back, as
 * `rnnc sample` does; prints the median tokens per second of several rounds last.
 */
final class GenerateBench {
    /** What to time. */
    record Settings(TypedCell cell, int vocab, int hidden, int layers, Backend backend, boolean f64,
                    Map<String, Integer> sizes, int tokens, int rounds, double warmupSeconds) {
    }

    private GenerateBench() {
    }

    static void run(Settings s, PrintWriter out, PrintWriter err) {
        ModelSpec spec = new ModelSpec(s.vocab(), s.hidden(), s.layers(), false, 0, false, 0, ModelSpec.FrontEnd.NONE,
                Model.Head.SOFTMAX, s.vocab(), null, s.backend(), s.f64()).withSizes(s.sizes(), false);
        Layers.Built<Model> built = Layers.built(spec, err, b -> Models.build(s.cell(), b, 0));
        ModelStepper stepper = built.model().stepper(1);
        Sampler sampler = new Sampler(s.vocab(), 1, 0, 1, new Random(1));
        int[] token = {0};
        long warmupEnd = System.nanoTime() + (long) (s.warmupSeconds() * 1e9);
        while (System.nanoTime() < warmupEnd) {
            generate(stepper, sampler, token, s.tokens());
        }
        double[] rates = new double[s.rounds()];
        for (int r = 0; r < rates.length; r++) {
            long t0 = System.nanoTime();
            generate(stepper, sampler, token, s.tokens());
            rates[r] = s.tokens() / ((System.nanoTime() - t0) / 1e9);
        }
        Arrays.sort(rates);
        out.printf("generate cell=%s backend=%s precision=%s V=%d H=%d layers=%d batch=1 tokens=%d rounds=%d%n",
                s.cell().name(), built.spec().backend().name().toLowerCase(java.util.Locale.ROOT), s.f64() ? "f64" : "f32",
                s.vocab(), s.hidden(), s.layers(), s.tokens(), s.rounds());
        out.println("blas: " + Blas.get().name());
        out.printf("tokens_per_s=%.0f%n", rates[rates.length / 2]);
        out.flush();
    }

    /** Feeds each drawn token back, {@code n} times. */
    private static void generate(ModelStepper stepper, Sampler sampler, int[] token, int n) {
        for (int i = 0; i < n; i++) {
            token[0] = sampler.next(stepper.stepTokens(token), 0);
        }
    }
}
