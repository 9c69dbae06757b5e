package io.rnnc.runtime.train;

import io.rnnc.runtime.data.Batch;
import io.rnnc.runtime.data.ExampleSet;
import io.rnnc.runtime.tensor.Tensor;
import java.util.Map;
import java.util.Random;

/**
 * Independent sequences (or windows) in batches, reshuffled every epoch with a seed that depends only on the
 * run's seed and the epoch; every batch starts from zero states.
 */
public final class ShuffledBatches implements StepSource {
    private static final long SHUFFLE_STREAM = 1;

    private final ExampleSet data;
    private final int batchSize;
    private final long seed;
    private long epoch = -1;
    private int[] order;

    public ShuffledBatches(ExampleSet data, int batchSize, long seed) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("the batch size must be at least 1");
        }
        this.data = data;
        this.batchSize = batchSize;
        this.seed = seed;
    }

    @Override
    public int stepsPerEpoch() {
        return (data.size() + batchSize - 1) / batchSize;
    }

    @Override
    public Work work(long step) {
        long e = step / stepsPerEpoch();
        if (e != epoch) {
            epoch = e;
            order = permutation(data.size(), new Random(Seeds.mix(seed, e, SHUFFLE_STREAM)));
        }
        int from = (int) (step % stepsPerEpoch()) * batchSize;
        int to = Math.min(from + batchSize, data.size());
        return new Work(data.batch(java.util.Arrays.copyOfRange(order, from, to)), States.zero());
    }

    @Override
    public void finished(long step, States finalStates) {
    }

    @Override
    public Map<String, Tensor> carried() {
        return Map.of();
    }

    @Override
    public void restore(Map<String, Tensor> carried) {
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

    /** The batches of {@code data} in order, for evaluation. */
    public static Iterable<Batch> inOrder(ExampleSet data, int batchSize) {
        java.util.List<Batch> out = new java.util.ArrayList<>();
        for (int from = 0; from < data.size(); from += batchSize) {
            int to = Math.min(from + batchSize, data.size());
            int[] rows = new int[to - from];
            for (int i = 0; i < rows.length; i++) {
                rows[i] = from + i;
            }
            out.add(data.batch(rows));
        }
        return out;
    }
}
