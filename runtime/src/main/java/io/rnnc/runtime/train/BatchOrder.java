package io.rnnc.runtime.train;

import java.util.Arrays;
import java.util.Random;

/**
 * Which examples each step's batch holds: all of them in batches, reshuffled every epoch with a
 * seed that depends only on the run's seed and the epoch. A function of the step alone, so a
 * worker holding part of the examples can tell which of its own are in a step's batch.
 */
public final class BatchOrder {
    private static final long SHUFFLE_STREAM = 1;

    private final int size;
    private final int batchSize;
    private final long seed;
    private long epoch = -1;
    private int[] order;

    /**
     * @param size the number of examples
     * @param batchSize examples per batch (the last batch of an epoch may have fewer)
     * @param seed the run's seed
     */
    public BatchOrder(int size, int batchSize, long seed) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("the batch size must be at least 1");
        }
        this.size = size;
        this.batchSize = batchSize;
        this.seed = seed;
    }

    /** Steps in one pass over the examples. */
    public int stepsPerEpoch() {
        return (size + batchSize - 1) / batchSize;
    }

    /** The examples of global step {@code step}'s batch, in batch order. */
    public int[] rows(long step) {
        long e = step / stepsPerEpoch();
        if (e != epoch) {
            epoch = e;
            order = permutation(size, new Random(Seeds.mix(seed, e, SHUFFLE_STREAM)));
        }
        int from = (int) (step % stepsPerEpoch()) * batchSize;
        return Arrays.copyOfRange(order, from, Math.min(from + batchSize, size));
    }

    private static int[] permutation(int n, Random rng) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
