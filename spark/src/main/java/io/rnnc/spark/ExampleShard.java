package io.rnnc.spark;

import io.rnnc.runtime.data.ExampleSet;
import io.rnnc.runtime.train.BatchOrder;
import io.rnnc.runtime.train.States;
import io.rnnc.runtime.train.StepSource;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A partition of independent examples (sequences, or a series' windows): training examples
 * {@code [first, first + n)} of the whole set. Every step's batch is drawn from the whole set as
 * one machine draws it; this partition's share is the batch's examples that are here.
 */
final class ExampleShard implements Shard {
    private final int partition;
    private final int first;
    private final Examples examples;
    private final int total;
    private final int batch;
    private final long seed;
    private transient BatchOrder order;
    private transient ExampleSet data;

    /**
     * @param first the number of this partition's first example in the whole training set
     * @param total examples in the whole training set
     * @param batch examples in a global batch
     */
    ExampleShard(int partition, int first, Examples examples, int total, int batch, long seed) {
        this.partition = partition;
        this.first = first;
        this.examples = examples;
        this.total = total;
        this.batch = batch;
        this.seed = seed;
    }

    /** The partition of training example {@code j} of {@code n}: contiguous runs, as even as can be. */
    static int partitionOf(long j, long n, int partitions) {
        return (int) (((j + 1) * partitions - 1) / n);
    }

    /** The first training example of partition {@code p} as {@link #partitionOf} deals them. */
    static int firstOf(int p, long n, int partitions) {
        return (int) ((long) p * n / partitions);
    }

    @Override
    public int partition() {
        return partition;
    }

    @Override
    public Share work(long step, Supplier<Map<Integer, Map<String, TensorData>>> carried) {
        if (order == null) {
            order = new BatchOrder(total, batch, seed);
            data = examples.build();
        }
        int[] rows = order.rows(step);
        int[] here = new int[rows.length];
        int[] places = new int[rows.length];
        int n = 0;
        for (int place = 0; place < rows.length; place++) {
            if (rows[place] >= first && rows[place] < first + examples.size()) {
                here[n] = rows[place] - first;
                places[n++] = place;
            }
        }
        return n == 0 ? null : new Share(new StepSource.Work(data.batch(Arrays.copyOf(here, n)), States.zero()),
                Arrays.copyOf(places, n));
    }

    @Override
    public void finished(long step, States finalStates) {
    }

    @Override
    public Map<String, TensorData> carried() {
        return Map.of();
    }
}
