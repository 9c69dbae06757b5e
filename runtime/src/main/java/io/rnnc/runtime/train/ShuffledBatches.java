package io.rnnc.runtime.train;

import io.rnnc.runtime.data.Batch;
import io.rnnc.runtime.data.ExampleSet;
import io.rnnc.runtime.tensor.Tensor;
import java.util.Map;

/**
 * Independent sequences (or windows) in batches, reshuffled every epoch with a seed that depends only on the
 * run's seed and the epoch; every batch starts from zero states.
 */
public final class ShuffledBatches implements StepSource {
    private final ExampleSet data;
    private final BatchOrder order;

    public ShuffledBatches(ExampleSet data, int batchSize, long seed) {
        this.data = data;
        this.order = new BatchOrder(data.size(), batchSize, seed);
    }

    @Override
    public int stepsPerEpoch() {
        return order.stepsPerEpoch();
    }

    @Override
    public Work work(long step) {
        return new Work(data.batch(order.rows(step)), States.zero());
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
