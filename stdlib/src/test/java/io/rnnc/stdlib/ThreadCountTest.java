package io.rnnc.stdlib;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.rnnc.compiler.check.TypedCell;
import io.rnnc.compiler.model.Cells;
import io.rnnc.compiler.model.ModelSpec;
import io.rnnc.compiler.model.Models;
import io.rnnc.runtime.data.SequenceDataset;
import io.rnnc.runtime.kernels.WorkerPool;
import io.rnnc.runtime.optim.LearningRates;
import io.rnnc.runtime.optim.Optimizers;
import io.rnnc.runtime.train.Model;
import io.rnnc.runtime.train.ShuffledBatches;
import io.rnnc.runtime.train.Trainer;
import io.rnnc.runtime.train.TrainingLoop;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Training gives the same parameters, bit for bit, on 1, 2, 3, 4 and 8 threads, all computing at
 * once even where the machine has fewer cores ({@code WorkerPool.allAtOnce}: a pool made the
 * usual way would run only as many at once as there are processors, and the kernels' and sums'
 * cuts that follow that number would then be checked only up to it), for a stdlib cell and a
 * custom one, with dropout on the input and on the recurrent state, and batches of sequences of different lengths. At these sizes each step's
 * products and kernels are cut into several parts; {@code JvmAgreementTest} cuts the first
 * chunk's input projection too and has more chunks of steps than lanes of sums.
 */
class ThreadCountTest {
    private static final int FEATURES = 8;
    private static final int CLASSES = 5;
    private static final String MGU = """
            cell MGU {
              f_t = σ(W_f x_t + U_f h_{t-1} + b_f)
              h̃_t = tanh(W_h x_t + U_h (f_t ⊙ h_{t-1}) + b_h)
              h_t = (1 - f_t) ⊙ h_{t-1} + f_t ⊙ h̃_t
            }
            """;

    /** Sequences of 4 to 12 steps, each step's class a function of the input so far. */
    private static SequenceDataset data() {
        Random r = new Random(11);
        List<double[][]> xs = new ArrayList<>();
        List<int[]> ids = new ArrayList<>();
        for (int n = 0; n < 96; n++) {
            int len = 4 + r.nextInt(9);
            double[][] x = new double[len][FEATURES];
            int[] y = new int[len];
            double sum = 0;
            for (int t = 0; t < len; t++) {
                for (int i = 0; i < FEATURES; i++) {
                    x[t][i] = r.nextGaussian();
                }
                sum += x[t][0];
                y[t] = Math.floorMod((int) Math.floor(sum), CLASSES);
            }
            xs.add(x);
            ids.add(y);
        }
        return SequenceDataset.stepClasses(xs, ids);
    }

    /** The parameters before training (into {@code initial}, when given) and after two steps. */
    private static Map<String, double[]> train(TypedCell cell, int threads, Map<String, double[]> initial)
            throws Exception {
        ModelSpec spec = ModelSpec.tagger(FEATURES, 512, CLASSES).withDropout(0.2, false)
                .withRecurrentDropout(0.25);
        Model model = Models.build(cell, spec, 9, WorkerPool.allAtOnce(threads));
        if (initial != null) {
            model.parameters().forEach((k, t) -> initial.put(k, t.data().clone()));
        }
        Trainer trainer = new Trainer(model, Optimizers.adam(), LearningRates.constant(0.003),
                Trainer.Settings.defaults().withClipNorm(1.0).withSeed(9));
        TrainingLoop.run(trainer, new ShuffledBatches(data(), 32, 9), 2, (s, r, n) -> { }, () -> false);
        Map<String, double[]> out = new LinkedHashMap<>();
        model.parameters().forEach((k, t) -> out.put(k, t.data().clone()));
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"stdlib:lstm", "mgu"})
    void theSameParametersOnAnyNumberOfThreads(String name) throws Exception {
        TypedCell cell = name.startsWith("stdlib:") ? Stdlib.cell(name.substring(7)) : Cells.parse(MGU);
        Map<String, double[]> untrained = new LinkedHashMap<>();
        Map<String, double[]> one = train(cell, 1, untrained);
        one.forEach((k, v) -> assertFalse(Arrays.equals(v, untrained.get(k)), k + " did not move"));
        for (int threads : new int[] {2, 3, 4, 8}) {
            Map<String, double[]> many = train(cell, threads, null);
            one.forEach((k, v) -> assertArrayEquals(v, many.get(k), k + " on " + threads + " threads"));
        }
    }
}
