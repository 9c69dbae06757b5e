package io.rnnc.runtime.layer;

import static io.rnnc.runtime.layer.DenseTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.rnnc.runtime.loss.SoftmaxCrossEntropy;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Sampling follows softmax(logits / temperature) over the top k, and greedy choice is argmax. */
class SamplerTest {
    private static final double[] LOGITS = {0.5, 2.0, -1.0, 1.2, 0.0};

    @Test
    void topOneIsArgmax() {
        Random rng = new Random(41);
        for (int trial = 0; trial < 200; trial++) {
            double[] logits = new double[7];
            for (int i = 0; i < logits.length; i++) {
                logits[i] = rng.nextGaussian();
            }
            assertEquals(Sampler.argmax(logits), Sampler.sample(logits, 1.0, 1, rng));
        }
    }

    @Test
    void argmaxPicksTheLowestIndexAmongTies() {
        assertEquals(1, Sampler.argmax(new double[] {0, 3, 3, Double.NEGATIVE_INFINITY}));
    }

    @Test
    void lowTemperatureConcentratesOnTheLargestLogit() {
        Random rng = new Random(42);
        for (int i = 0; i < 1000; i++) {
            assertEquals(1, Sampler.sample(LOGITS, 1e-3, 0, rng));
        }
    }

    @Test
    void frequenciesFollowTheSoftmax() {
        double temperature = 1.5;
        double[] scaled = new double[LOGITS.length];
        for (int i = 0; i < LOGITS.length; i++) {
            scaled[i] = LOGITS[i] / temperature;
        }
        assertFrequencies(SoftmaxCrossEntropy.softmax(scaled), temperature, 0);
    }

    @Test
    void topKDrawsOnlyAmongTheKLargest() {
        // The two largest are classes 1 and 3, renormalized between themselves.
        double p1 = Math.exp(2.0) / (Math.exp(2.0) + Math.exp(1.2));
        assertFrequencies(new double[] {0, p1, 0, 1 - p1, 0}, 1.0, 2);
    }

    @Test
    void topPDrawsOnlyAmongTheFewestLikeliestReachingP() {
        // Softmax gives class 1 0.54 and class 3 0.24: p = 0.6 needs both, and only them.
        double p1 = Math.exp(2.0) / (Math.exp(2.0) + Math.exp(1.2));
        assertFrequencies(new double[] {0, p1, 0, 1 - p1, 0}, 1.0, 0, 0.6);
        assertFrequencies(new double[] {0, 1, 0, 0, 0}, 1.0, 0, 0.5);
    }

    @Test
    void topKAndTopPTogetherTakeTheSmallerSet() {
        assertFrequencies(new double[] {0, 1, 0, 0, 0}, 1.0, 1, 0.9);
    }

    @Test
    void temperatureZeroIsGreedy() {
        Sampler greedy = new Sampler(LOGITS.length, 0, 0, 1, new Random(1));
        assertEquals(1, greedy.next(LOGITS, 0));
        assertEquals(3, greedy.next(new double[] {9, 0, 1, 2, 5, 0}, 1), "reads the logits from the offset given");
    }

    @Test
    void optionsOutOfRangeAreRefused() {
        assertMessage(() -> new Sampler(3, 1, 0, 0, new Random(1)), "top-p must be in (0, 1] but is 0.0");
        assertMessage(() -> new Sampler(3, -1, 0, 1, new Random(1)),
                "the sampling temperature must be 0 or a positive finite number but is -1.0");
    }

    private static void assertFrequencies(double[] expected, double temperature, int topK) {
        assertFrequencies(expected, temperature, topK, 1);
    }

    private static void assertFrequencies(double[] expected, double temperature, int topK, double topP) {
        Random rng = new Random(43);
        int draws = 100_000;
        int[] counts = new int[LOGITS.length];
        Sampler sampler = new Sampler(LOGITS.length, temperature, topK, topP, rng);
        for (int i = 0; i < draws; i++) {
            counts[sampler.next(LOGITS, 0)]++;
        }
        for (int k = 0; k < LOGITS.length; k++) {
            assertEquals(expected[k], counts[k] / (double) draws, 0.01, "frequency of class " + k);
            if (expected[k] == 0) {
                assertEquals(0, counts[k], "class " + k + " is never drawn");
            }
        }
    }

    @Test
    void negativeInfinityIsNeverDrawn() {
        Random rng = new Random(44);
        double[] logits = {Double.NEGATIVE_INFINITY, 0, Double.NEGATIVE_INFINITY, 0};
        for (int i = 0; i < 1000; i++) {
            int k = Sampler.sample(logits, 1.0, 0, rng);
            assertEquals(1, k % 2, "drew class " + k);
        }
    }

    @Test
    void rejectsBadTemperaturesAndLogits() {
        Random rng = new Random(45);
        assertMessage(() -> Sampler.sample(LOGITS, 0, 0, rng), "temperature");
        assertMessage(() -> Sampler.sample(LOGITS, -1, 0, rng), "temperature");
        assertMessage(() -> Sampler.sample(LOGITS, Double.NaN, 0, rng), "temperature");
        assertMessage(() -> Sampler.sample(new double[0], 1, 0, rng), "at least one");
        assertMessage(() -> Sampler.sample(new double[] {0, Double.NaN}, 1, 0, rng), "logit 1");
        assertMessage(() -> Sampler.argmax(new double[] {Double.NEGATIVE_INFINITY}), "-Infinity");
        assertMessage(() -> Sampler.sample(LOGITS, 1, 0, null), "random");
    }
}
