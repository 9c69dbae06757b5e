package example;

import io.rnnc.compiler.check.TypedCell;
import io.rnnc.compiler.model.Cells;
import io.rnnc.compiler.model.Checkpoint;
import io.rnnc.compiler.model.ModelSpec;
import io.rnnc.compiler.model.Models;
import io.rnnc.runtime.data.Batch;
import io.rnnc.runtime.data.SequenceDataset;
import io.rnnc.runtime.layer.Sampler;
import io.rnnc.runtime.optim.LearningRates;
import io.rnnc.runtime.optim.Optimizers;
import io.rnnc.runtime.train.Model;
import io.rnnc.runtime.train.ShuffledBatches;
import io.rnnc.runtime.train.States;
import io.rnnc.runtime.train.Trainer;
import io.rnnc.runtime.train.TrainingLoop;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Reads a cell, trains a classifier around it (is the sum of a sequence of numbers positive?),
 * saves it, loads it again, and checks that the loaded model predicts what the trained one did.
 */
public class SumSign {
    public static void main(String[] args) throws Exception {
        long steps = args.length > 0 ? Long.parseLong(args[0]) : 300;
        Path saved = Path.of(args.length > 1 ? args[1] : "target/sum-sign.safetensors");

        TypedCell cell = Cells.read(Path.of("cells.rnn"), "MGU");
        Examples train = Examples.draw(1000, new Random(1));
        Examples test = Examples.draw(200, new Random(2));

        ModelSpec spec = ModelSpec.classifier(1, 16, 2);
        double[][] before;
        try (Model model = Models.build(cell, spec, 42)) {
            Trainer trainer = new Trainer(model, Optimizers.adam(), LearningRates.constant(0.01),
                    Trainer.Settings.defaults().withClipNorm(5).withSeed(42));
            ShuffledBatches batches = new ShuffledBatches(train.dataset(), 32, 42);
            TrainingLoop.run(trainer, batches, steps);
            before = predict(model, test);
            System.out.printf(Locale.ROOT, "accuracy %.3f on %d held-out sequences%n", accuracy(before, test), test.labels().size());
            Checkpoint.of(cell, spec, trainer, batches, Map.of()).save(saved);
        }
        try (Model loaded = Checkpoint.load(saved).model()) {
            double[][] after = predict(loaded, test);
            System.out.println("the loaded model predicts the same: " + Arrays.deepEquals(before, after));
        }
    }

    /** Sequences of 5 to 15 numbers in [-1, 1], labelled 1 where their sum is positive. */
    record Examples(List<double[][]> sequences, List<Integer> labels) {
        static Examples draw(int n, Random rng) {
            List<double[][]> x = new ArrayList<>();
            List<Integer> y = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                double[][] s = new double[5 + rng.nextInt(11)][1];
                double sum = 0;
                for (double[] step : s) {
                    step[0] = 2 * rng.nextDouble() - 1;
                    sum += step[0];
                }
                x.add(s);
                y.add(sum > 0 ? 1 : 0);
            }
            return new Examples(x, y);
        }

        SequenceDataset dataset() {
            return SequenceDataset.sequenceClasses(sequences, labels);
        }
    }

    /** Each sequence's class scores, in order. */
    private static double[][] predict(Model model, Examples data) {
        List<double[]> out = new ArrayList<>();
        for (Batch b : ShuffledBatches.inOrder(data.dataset(), 50)) {
            out.addAll(List.of(model.forward(b, States.zero(), false).sequences()));
        }
        return out.toArray(double[][]::new);
    }

    private static double accuracy(double[][] scores, Examples data) {
        int right = 0;
        for (int i = 0; i < scores.length; i++) {
            right += Sampler.argmax(scores[i]) == data.labels().get(i) ? 1 : 0;
        }
        return (double) right / scores.length;
    }
}
