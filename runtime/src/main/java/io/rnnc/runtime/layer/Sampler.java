package io.rnnc.runtime.layer;

import java.util.Arrays;
import java.util.Random;

/**
 * Picks a class from logits, to generate sequences one step at a time: greedily, or by drawing
 * from softmax(logits / temperature) restricted to the k most likely classes.
 *
 * <p>Logits may be −∞ (a class that is never picked) but not NaN or +∞, and at least one must be
 * finite.
 */
public final class Sampler {
    private Sampler() {
    }

    /**
     * Draws a class index with probability softmax(logits / temperature) among the {@code topK}
     * largest logits (ties broken by lower index); the others are never drawn. A low temperature
     * concentrates the draw on the largest logit, a high one spreads it out.
     *
     * @param temperature a positive finite number
     * @param topK how many of the largest logits may be drawn; 0 or less means all
     * @param rng the source of randomness
     * @throws IllegalArgumentException if the temperature is not positive and finite, the logits
     *     are empty or invalid, or the generator is null
     */
    public static int sample(double[] logits, double temperature, int topK, Random rng) {
        checkLogits(logits);
        if (!(temperature > 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("the sampling temperature must be a positive finite number but is "
                    + temperature);
        }
        if (rng == null) {
            throw new IllegalArgumentException("sampling needs a random generator");
        }
        int[] candidates = largest(logits, topK);
        double max = logits[candidates[0]];
        double[] cumulative = new double[candidates.length];
        double total = 0;
        for (int i = 0; i < candidates.length; i++) {
            // Shifting by the maximum keeps every exponent ≤ 0, so nothing overflows at low temperature.
            total += Math.exp((logits[candidates[i]] - max) / temperature);
            cumulative[i] = total;
        }
        double u = rng.nextDouble() * total;
        int last = candidates.length - 1;
        for (int i = 0; i < last; i++) {
            if (u < cumulative[i]) {
                return candidates[i];
            }
        }
        return candidates[last];
    }

    /**
     * The index of the largest logit, the lowest one among ties.
     *
     * @throws IllegalArgumentException if the logits are empty or invalid
     */
    public static int argmax(double[] logits) {
        checkLogits(logits);
        int best = 0;
        for (int i = 1; i < logits.length; i++) {
            if (logits[i] > logits[best]) {
                best = i;
            }
        }
        return best;
    }

    /** The indices of the k largest logits (all when k ≤ 0 or ≥ n), largest first, ties by index. */
    private static int[] largest(double[] logits, int k) {
        Integer[] order = new Integer[logits.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> logits[a] != logits[b] ? Double.compare(logits[b], logits[a])
                : Integer.compare(a, b));
        int n = k <= 0 || k >= logits.length ? logits.length : k;
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = order[i];
        }
        return out;
    }

    private static void checkLogits(double[] logits) {
        if (logits == null || logits.length == 0) {
            throw new IllegalArgumentException("sampling needs at least one logit");
        }
        boolean anyFinite = false;
        for (int i = 0; i < logits.length; i++) {
            if (Double.isNaN(logits[i]) || logits[i] == Double.POSITIVE_INFINITY) {
                throw new NonFiniteLogits("logit " + i + " is " + logits[i] + ", which cannot be sampled");
            }
            anyFinite |= Double.isFinite(logits[i]);
        }
        if (!anyFinite) {
            throw new IllegalArgumentException("every logit is -Infinity, so no class can be sampled");
        }
    }

    /**
     * Logits that are NaN or +∞: the model's outputs are not numbers, from parameters too large
     * for its arithmetic or damaged.
     */
    public static final class NonFiniteLogits extends IllegalArgumentException {
        NonFiniteLogits(String message) {
            super(message);
        }
    }
}
