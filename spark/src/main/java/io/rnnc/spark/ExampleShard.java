package io.rnnc.spark;

import io.rnnc.runtime.data.OneHot;
import io.rnnc.runtime.data.SequenceDataset;
import io.rnnc.runtime.train.BatchOrder;
import io.rnnc.runtime.train.States;
import io.rnnc.runtime.train.StepSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A partition of independent labelled sequences: training examples {@code [first, first + n)}
 * of the whole set. Every step's batch is drawn from the whole set as one machine draws it;
 * this partition's share is the batch's examples that are here.
 */
final class ExampleShard implements Shard {
    private final int partition;
    private final int first;
    private final List<int[]> inputs;
    private final int[] labels;
    private final int vocabulary;
    private final int total;
    private final int batch;
    private final long seed;
    private transient BatchOrder order;
    private transient SequenceDataset data;

    /**
     * @param first the number of this partition's first example in the whole training set
     * @param inputs each example's token ids
     * @param labels each example's class
     * @param vocabulary the number of distinct tokens (the one-hot width)
     * @param total examples in the whole training set
     * @param batch examples in a global batch
     */
    ExampleShard(int partition, int first, List<int[]> inputs, int[] labels, int vocabulary, int total, int batch,
                 long seed) {
        this.partition = partition;
        this.first = first;
        this.inputs = List.copyOf(inputs);
        this.labels = labels;
        this.vocabulary = vocabulary;
        this.total = total;
        this.batch = batch;
        this.seed = seed;
    }

    @Override
    public int partition() {
        return partition;
    }

    @Override
    public StepSource.Work work(long step, Supplier<Map<Integer, Map<String, TensorData>>> carried) {
        if (order == null) {
            order = new BatchOrder(total, batch, seed);
            List<double[][]> x = new ArrayList<>();
            List<Integer> y = new ArrayList<>();
            for (int i = 0; i < labels.length; i++) {
                x.add(OneHot.sequence(inputs.get(i), vocabulary));
                y.add(labels[i]);
            }
            data = SequenceDataset.sequenceClasses(x, y);
        }
        int[] here = order.rows(step);
        int n = 0;
        for (int row : here) {
            if (row >= first && row < first + labels.length) {
                here[n++] = row - first;
            }
        }
        return n == 0 ? null : new StepSource.Work(data.batch(java.util.Arrays.copyOf(here, n)), States.zero());
    }

    @Override
    public void finished(long step, States finalStates) {
    }

    @Override
    public Map<String, TensorData> carried() {
        return Map.of();
    }
}
