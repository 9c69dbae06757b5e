package io.rnnc.runtime.layer;

import java.util.Random;

/**
 * Picks a class from logits, to generate sequences one step at a time: greedily, or by drawing
 * from softmax(logits / temperature), restricted to the k most likely classes (top-k) and to
 * the fewest most likely classes whose probabilities reach p (top-p, nucleus sampling). A
 * sampler keeps its work arrays, so drawing allocates nothing.
 *
 * <p>Logits may be −∞ (a class that is never picked) but not NaN or +∞, and at least one must be
 * finite.
 */
public final class Sampler {
    private final double temperature;
    private final int topK;
    private final double topP;
    private final Random rng;
    /** Classes by decreasing logit, when top-k or top-p asks for an order. */
    private final int[] order;
    private final double[] cumulative;

    /**
     * @param classes the number of logits each draw reads
     * @param temperature a positive finite number, or 0 for greedy choice (argmax)
     * @param topK how many of the largest logits may be drawn; 0 or less means all
     * @param topP in (0, 1]: the draw is among the fewest largest logits whose probabilities sum to at least this
     * @param rng the source of randomness
     * @throws IllegalArgumentException if an option is out of range or the generator is null
     */
    public Sampler(int classes, double temperature, int topK, double topP, Random rng) {
        if (!(temperature >= 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("the sampling temperature must be 0 or a positive finite number but is "
                    + temperature);
        }
        if (!(topP > 0 && topP <= 1)) {
            throw new IllegalArgumentException("top-p must be in (0, 1] but is " + topP);
        }
        if (rng == null) {
            throw new IllegalArgumentException("sampling needs a random generator");
        }
        this.temperature = temperature;
        this.topK = topK <= 0 || topK >= classes ? classes : topK;
        this.topP = topP;
        this.rng = rng;
        this.order = new int[classes];
        this.cumulative = new double[classes];
    }

    /**
     * Draws a class index with probability softmax(logits / temperature) among the {@code topK}
     * largest logits (ties broken by lower index); the others are never drawn. A low temperature
     * concentrates the draw on the largest logit, a high one spreads it out.
     *
     * @throws IllegalArgumentException if the temperature is not positive and finite, the logits
     *     are empty or invalid, or the generator is null
     */
    public static int sample(double[] logits, double temperature, int topK, Random rng) {
        if (!(temperature > 0)) {
            throw new IllegalArgumentException("the sampling temperature must be a positive finite number but is "
                    + temperature);
        }
        return new Sampler(logits == null ? 0 : logits.length, temperature, topK, 1, rng).next(logits, 0);
    }

    /**
     * Draws from {@code logits[from .. from + classes)}; greedy at temperature 0. Without top-k
     * and top-p the classes are taken in index order and nothing is sorted.
     *
     * @throws IllegalArgumentException if the logits are invalid
     */
    public int next(double[] logits, int from) {
        int n = order.length;
        checkLogits(logits, from, n);
        if (temperature == 0) {
            return argmax(logits, from, n);
        }
        boolean ordered = topK < n || topP < 1;
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        if (ordered) {
            sortByLogit(logits, from);
        }
        double max = logits[from + argmax(logits, from, n)];
        double total = 0;
        for (int i = 0; i < topK; i++) {
            // Shifting by the maximum keeps every exponent ≤ 0, so nothing overflows at low temperature.
            total += Math.exp((logits[from + order[i]] - max) / temperature);
            cumulative[i] = total;
        }
        int last = topK - 1;
        if (topP < 1) {
            int nucleus = 0;
            while (nucleus < last && cumulative[nucleus] < topP * total) {
                nucleus++;
            }
            last = nucleus;
            total = cumulative[last];
        }
        double u = rng.nextDouble() * total;
        for (int i = 0; i < last; i++) {
            if (u < cumulative[i]) {
                return order[i];
            }
        }
        return order[last];
    }

    /**
     * The index of the largest logit, the lowest one among ties.
     *
     * @throws IllegalArgumentException if the logits are empty or invalid
     */
    public static int argmax(double[] logits) {
        checkLogits(logits, 0, logits == null ? 0 : logits.length);
        return argmax(logits, 0, logits.length);
    }

    private static int argmax(double[] logits, int from, int n) {
        int best = 0;
        for (int i = 1; i < n; i++) {
            if (logits[from + i] > logits[from + best]) {
                best = i;
            }
        }
        return best;
    }

    /** Heap sort of {@link #order} by decreasing logit, ties by index: in place, so nothing is allocated. */
    private void sortByLogit(double[] logits, int from) {
        int n = order.length;
        for (int i = n / 2 - 1; i >= 0; i--) {
            siftDown(logits, from, i, n);
        }
        for (int end = n - 1; end > 0; end--) {
            swap(0, end);
            siftDown(logits, from, 0, end);
        }
    }

    /** A heap whose root comes last in the final order: popping it to the back each time leaves the first class first. */
    private void siftDown(double[] logits, int from, int i, int n) {
        while (2 * i + 1 < n) {
            int child = 2 * i + 1;
            if (child + 1 < n && before(logits, from, order[child], order[child + 1])) {
                child++;
            }
            if (!before(logits, from, order[i], order[child])) {
                return;
            }
            swap(i, child);
            i = child;
        }
    }

    /** Whether class a comes before class b in the final order: a larger logit, or an equal one and a lower index. */
    private static boolean before(double[] logits, int from, int a, int b) {
        double la = logits[from + a];
        double lb = logits[from + b];
        return la != lb ? la > lb : a < b;
    }

    private void swap(int i, int j) {
        int t = order[i];
        order[i] = order[j];
        order[j] = t;
    }

    private static void checkLogits(double[] logits, int from, int n) {
        if (logits == null || n == 0) {
            throw new IllegalArgumentException("sampling needs at least one logit");
        }
        if (logits.length < from + n) {
            throw new IllegalArgumentException("sampling needs " + n + " logits from " + from + ", but there are "
                    + logits.length);
        }
        boolean anyFinite = false;
        for (int i = 0; i < n; i++) {
            double v = logits[from + i];
            if (Double.isNaN(v) || v == Double.POSITIVE_INFINITY) {
                throw new NonFiniteLogits("logit " + i + " is " + v + ", which cannot be sampled");
            }
            anyFinite |= Double.isFinite(v);
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
