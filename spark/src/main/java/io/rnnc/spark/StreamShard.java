package io.rnnc.spark;

import io.rnnc.runtime.data.TokenStreams;
import io.rnnc.runtime.train.States;
import io.rnnc.runtime.train.StepSource;
import io.rnnc.runtime.train.StreamWindows;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.IntStream;

/**
 * A language model's partition: whole streams of the text (a slice of the B streams one machine
 * reads side by side), windowed for truncated BPTT as one machine windows them, with the states
 * of these streams kept here from one step to the next.
 */
final class StreamShard implements Shard {
    private final int partition;
    private final int[] tokens;
    private final int streams;
    /** The streams' places in the batch of all streams: this partition's slice. */
    private final int[] places;
    private final int vocabulary;
    private final int k1;
    private final int k2;
    private transient StreamWindows windows;
    /** The step whose work comes next, as far as this shard's own states go; -1 before any. */
    private long next = -1;

    /**
     * @param tokens the streams' tokens, one stream after another, all of the same length
     * @param streams how many streams
     * @param firstStream the number of the first of them among all the text's streams
     */
    StreamShard(int partition, int[] tokens, int streams, int firstStream, int vocabulary, int k1, int k2) {
        this.partition = partition;
        this.tokens = tokens;
        this.streams = streams;
        this.places = IntStream.range(firstStream, firstStream + streams).toArray();
        this.vocabulary = vocabulary;
        this.k1 = k1;
        this.k2 = k2;
    }

    @Override
    public int partition() {
        return partition;
    }

    @Override
    public Share work(long step, Supplier<Map<Integer, Map<String, TensorData>>> carried) {
        if (windows == null) {
            windows = new StreamWindows(new TokenStreams(tokens, streams, vocabulary, "partition " + partition), k1, k2);
            next = -1;
        }
        if (step != next && step % windows.stepsPerEpoch() != 0) {
            windows.restore(TensorData.tensors(carried.get().getOrDefault(partition, Map.of())));
        }
        StepSource.Work work = windows.work(step);
        return work == null ? null : new Share(work, places);
    }

    @Override
    public void finished(long step, States finalStates) {
        windows.finished(step, finalStates);
        next = step + 1;
    }

    @Override
    public Map<String, TensorData> carried() {
        return TensorData.all(windows.carried());
    }
}
