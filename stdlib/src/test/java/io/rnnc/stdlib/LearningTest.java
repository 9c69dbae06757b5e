package io.rnnc.stdlib;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rnnc.compiler.model.ModelSpec;
import io.rnnc.compiler.model.Models;
import io.rnnc.runtime.data.Batch;
import io.rnnc.runtime.data.SequenceDataset;
import io.rnnc.runtime.data.Targets;
import io.rnnc.runtime.data.TokenStreams;
import io.rnnc.runtime.layer.Sampler;
import io.rnnc.runtime.optim.LearningRates;
import io.rnnc.runtime.optim.Optimizers;
import io.rnnc.runtime.train.EncoderDecoder;
import io.rnnc.runtime.train.Model;
import io.rnnc.runtime.train.ShuffledBatches;
import io.rnnc.runtime.train.States;
import io.rnnc.runtime.train.StepSource;
import io.rnnc.runtime.train.StreamWindows;
import io.rnnc.runtime.train.Trainer;
import io.rnnc.runtime.train.TrainingLoop;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Small, seeded problems that a model which learns must solve: the adding problem, a character
 * language model, a many-to-one classifier. Each runs in seconds on the JVM backend.
 */
class LearningTest {
    private static Trainer trainer(io.rnnc.runtime.train.Learner model, double lr, long seed) {
        return new Trainer(model, Optimizers.adam(), LearningRates.constant(lr),
                Trainer.Settings.defaults().withClipNorm(1.0).withSeed(seed));
    }

    /** Two numbers in [0, 1) are marked among T; the answer is their sum. Always answering 1 scores 1/6. */
    private static SequenceDataset adding(int count, int steps, Random r) {
        List<double[][]> xs = new ArrayList<>();
        List<double[]> ys = new ArrayList<>();
        for (int n = 0; n < count; n++) {
            double[][] x = new double[steps][2];
            int a = r.nextInt(steps / 2);
            int b = steps / 2 + r.nextInt(steps / 2);
            for (int t = 0; t < steps; t++) {
                x[t][0] = r.nextDouble();
            }
            x[a][1] = 1;
            x[b][1] = 1;
            xs.add(x);
            ys.add(new double[] {x[a][0] + x[b][0]});
        }
        return SequenceDataset.sequenceValues(xs, ys);
    }

    @ParameterizedTest
    @ValueSource(strings = {"lstm", "gru"})
    void addingProblemAtT20(String cell) {
        ModelSpec spec = ModelSpec.regressor(2, 32, 1);
        Model model = Models.build(Stdlib.cell(cell), spec, 1);
        Trainer trainer = trainer(model, 0.01, 1);
        TrainingLoop.run(trainer, new ShuffledBatches(adding(4096, 20, new Random(1)), 32, 1), 700,
                (s, r, n) -> { }, () -> false);
        double mse = 0;
        SequenceDataset test = adding(512, 20, new Random(2));
        for (Batch b : ShuffledBatches.inOrder(test, 128)) {
            mse += trainer.evaluate(b, States.zero()) * b.size();
        }
        mse /= test.size();
        assertTrue(mse < 0.01, cell + ": test MSE " + mse + " (always answering 1 gives 0.167)");
    }

    @Test
    void characterModelBeatsTheUnigramEntropy() {
        String[] words = {"the ", "cat ", "sat ", "on ", "mat. ", "a ", "dog ", "ran ", "to ", "it. "};
        Random r = new Random(3);
        StringBuilder text = new StringBuilder();
        while (text.length() < 6000) {
            int start = r.nextInt(2) * 5;
            for (int i = 0; i < 5; i++) {
                text.append(words[start + i]);
            }
        }
        String chars = text.chars().distinct().sorted().collect(StringBuilder::new, StringBuilder::appendCodePoint,
                StringBuilder::append).toString();
        int[] ids = text.chars().map(chars::indexOf).toArray();
        int v = chars.length();
        double[] counts = new double[v];
        for (int id : ids) {
            counts[id]++;
        }
        double unigram = 0;
        for (double c : counts) {
            unigram -= c / ids.length * Math.log(c / ids.length);
        }
        Model model = Models.build(Stdlib.cell("lstm"), ModelSpec.languageModel(v, 64), 2);
        Trainer trainer = trainer(model, 0.01, 2);
        TokenStreams streams = new TokenStreams(ids, 16, v, "text");
        StepSource source = new StreamWindows(streams, 25, 25);
        TrainingLoop.run(trainer, source, 300, (s, res, n) -> { }, () -> false);
        double loss = trainer.evaluate(streams.window(0, 100), States.zero());
        assertTrue(loss < 0.5 * unigram, "loss " + loss + " nats against a unigram entropy of " + unigram);
    }

    @Test
    void manyToOneClassifierBeatsChanceByFar() {
        Random r = new Random(4);
        List<double[][]> xs = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (int n = 0; n < 2048; n++) {
            int len = 4 + r.nextInt(9);
            double[][] x = new double[len][1];
            double sum = 0;
            for (double[] step : x) {
                step[0] = r.nextBoolean() ? 1 : -1;
                sum += step[0];
            }
            xs.add(x);
            labels.add(sum > 0 ? 1 : sum < 0 ? 2 : 0);
        }
        SequenceDataset data = SequenceDataset.sequenceClasses(xs, labels);
        SequenceDataset train = data.slice(0, 1792);
        SequenceDataset test = data.slice(1792, 2048);
        ModelSpec spec = ModelSpec.classifier(1, 16, 3);
        Model model = Models.build(Stdlib.cell("gru"), spec, 5);
        TrainingLoop.run(trainer(model, 0.02, 5), new ShuffledBatches(train, 32, 5), 600, (s, res, n) -> { },
                () -> false);
        int correct = 0;
        for (Batch b : ShuffledBatches.inOrder(test, 64)) {
            Model.Output out = model.forward(b, States.zero(), false);
            int[] truth = ((Targets.SequenceClasses) b.targets()).ids();
            for (int i = 0; i < truth.length; i++) {
                correct += Sampler.argmax(out.sequences()[i]) == truth[i] ? 1 : 0;
            }
        }
        double accuracy = correct / (double) test.size();
        assertTrue(accuracy > 0.9, "accuracy " + accuracy + " on 3 classes");
    }

    /** Digits 0..5 in, the same reversed out; the decoder reads 6 as its start token and writes 7 to end. */
    private static Batch reversals(int count, Random r) {
        int longest = 5;
        double[][][] x = new double[longest][count][6];
        double[][][] in = new double[longest + 1][count][8];
        int[][] ids = new int[longest + 1][count];
        int[] sourceLengths = new int[count];
        int[] targetLengths = new int[count];
        for (int b = 0; b < count; b++) {
            int len = 3 + r.nextInt(longest - 2);
            int[] digits = r.ints(len, 0, 6).toArray();
            sourceLengths[b] = len;
            targetLengths[b] = len + 1;
            in[0][b][6] = 1;
            for (int t = 0; t <= longest; t++) {
                ids[t][b] = t < len ? digits[len - 1 - t] : t == len ? 7 : -1;
                if (t < len) {
                    x[t][b][digits[t]] = 1;
                    in[t + 1][b][ids[t][b]] = 1;
                }
            }
        }
        return new Batch(x, sourceLengths, new Targets.Decoded(in, targetLengths, ids));
    }

    /**
     * Training is reproducible: the same seed gives the same losses, bit for bit, although the
     * first run's kernels start interpreted and the second's run compiled by the JIT.
     */
    @Test
    void aSeededRunGivesTheSameLossesAgain() {
        double[] first = reversalLosses(150);
        double[] second = reversalLosses(150);
        org.junit.jupiter.api.Assertions.assertArrayEquals(first, second);
    }

    private static double[] reversalLosses(int steps) {
        EncoderDecoder model = Models.encoderDecoder(Stdlib.cell("gru"), 6, ModelSpec.seq2seq(8, 48), 8);
        Trainer trainer = trainer(model, 0.02, 8);
        Random r = new Random(9);
        double[] losses = new double[steps];
        for (int step = 0; step < steps; step++) {
            losses[step] = trainer.step(reversals(32, r), States.zero()).loss();
        }
        return losses;
    }

    @Test
    void encoderDecoderLearnsToReverseShortSequences() {
        ModelSpec spec = ModelSpec.languageModel(8, 48);
        EncoderDecoder model = Models.encoderDecoder(Stdlib.cell("gru"), 6, spec, 8);
        Trainer trainer = trainer(model, 0.02, 8);
        Random r = new Random(9);
        for (int step = 0; step < 400; step++) {
            trainer.step(reversals(32, r), States.zero());
        }
        Batch test = reversals(200, new Random(10));
        int exact = 0;
        for (int b = 0; b < test.size(); b++) {
            int len = test.lengths()[b];
            double[][] source = new double[len][];
            int[] expected = new int[len];
            for (int t = 0; t < len; t++) {
                source[t] = test.x()[t][b];
                expected[t] = ((Targets.Decoded) test.targets()).ids()[t][b];
            }
            exact += java.util.Arrays.equals(expected, model.decode(source, 6, 7, 10)) ? 1 : 0;
        }
        assertTrue(exact > 170, exact + " of 200 reversed exactly");
    }
}
