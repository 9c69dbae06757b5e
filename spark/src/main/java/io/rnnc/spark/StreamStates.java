package io.rnnc.spark;

import io.rnnc.runtime.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The states a language model's partitions carry, as one machine's checkpoint holds them: each
 * partition's {@code [directions][streams][size]} tensors side by side along the streams, in
 * partition order, so a run saved on a cluster resumes on one machine and the other way round.
 */
final class StreamStates {
    private StreamStates() {
    }

    /** The partitions' carried states joined along the streams. */
    static Map<String, Tensor> join(Map<Integer, Map<String, TensorData>> byPartition) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        if (byPartition.isEmpty()) {
            return out;
        }
        List<Map<String, TensorData>> parts = List.copyOf(new TreeMap<>(byPartition).values());
        for (String name : parts.get(0).keySet()) {
            int[] first = parts.get(0).get(name).shape();
            if (first.length != 3) {
                out.put(name, parts.get(0).get(name).tensor());
                continue;
            }
            int streams = parts.stream().mapToInt(p -> p.get(name).shape()[1]).sum();
            double[] d = new double[first[0] * streams * first[2]];
            int at = 0;
            for (Map<String, TensorData> p : parts) {
                TensorData t = p.get(name);
                int b = t.shape()[1];
                for (int dir = 0; dir < first[0]; dir++) {
                    System.arraycopy(t.data(), dir * b * first[2], d, (dir * streams + at) * first[2], b * first[2]);
                }
                at += b;
            }
            out.put(name, new Tensor(new int[] {first[0], streams, first[2]}, d));
        }
        return out;
    }

    /** {@link #join}'s inverse: partition p's slice of streams, as {@code partitionOf} deals them. */
    static Map<Integer, Map<String, TensorData>> split(Map<String, Tensor> joined, int[] partitionOf) {
        Map<Integer, Map<String, TensorData>> out = new TreeMap<>();
        int partitions = partitionOf.length == 0 ? 0 : partitionOf[partitionOf.length - 1] + 1;
        for (int p = 0; p < partitions; p++) {
            Map<String, TensorData> mine = new LinkedHashMap<>();
            int from = firstStream(partitionOf, p);
            int b = endStream(partitionOf, p) - from;
            joined.forEach((name, t) -> {
                int[] s = t.shape();
                if (s.length != 3) {
                    mine.put(name, TensorData.of(t));
                    return;
                }
                double[] d = new double[s[0] * b * s[2]];
                for (int dir = 0; dir < s[0]; dir++) {
                    System.arraycopy(t.data(), (dir * s[1] + from) * s[2], d, dir * b * s[2], b * s[2]);
                }
                mine.put(name, new TensorData(new int[] {s[0], b, s[2]}, d));
            });
            out.put(p, mine);
        }
        return out;
    }

    private static int firstStream(int[] partitionOf, int p) {
        int b = 0;
        while (partitionOf[b] != p) {
            b++;
        }
        return b;
    }

    private static int endStream(int[] partitionOf, int p) {
        int b = partitionOf.length;
        while (partitionOf[b - 1] != p) {
            b--;
        }
        return b;
    }
}
