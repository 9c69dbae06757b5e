package io.rnnc.runtime.train;

import io.rnnc.runtime.data.Batch;
import io.rnnc.runtime.data.Targets;
import io.rnnc.runtime.data.TokenStreams;
import io.rnnc.runtime.tensor.Tensor;
import io.rnnc.runtime.tensor.Tensors;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Truncated BPTT over token streams, BPTT(k1, k2) in Williams and Peng's terms: an update
 * every k1 steps, backpropagating through the last k2. Update i runs the cell over the k2
 * steps that end at (i+1)·k1, starting from the state the stream had there, but counts the
 * loss only on its last k1 steps; states carry over from one update to the next, and every
 * epoch starts each stream from zero. k2 must be a multiple of k1, so every window starts at
 * a position where an earlier update left the state.
 */
public final class StreamWindows implements StepSource {
    private final TokenStreams streams;
    private final int k1;
    private final int k2;
    /** The states at window boundaries i·k1, by i, for the current epoch. */
    private final TreeMap<Integer, States> boundaries = new TreeMap<>();

    public StreamWindows(TokenStreams streams, int k1, int k2) {
        if (k1 < 1 || k2 < k1 || k2 % k1 != 0) {
            throw new IllegalArgumentException("truncated BPTT needs 1 ≤ k1 ≤ k2 with k2 a multiple of k1; got k1="
                    + k1 + ", k2=" + k2);
        }
        this.streams = streams;
        this.k1 = k1;
        this.k2 = k2;
    }

    @Override
    public int stepsPerEpoch() {
        return (streams.positions() + k1 - 1) / k1;
    }

    @Override
    public Work work(long step) {
        int index = (int) (step % stepsPerEpoch());
        if (index == 0) {
            boundaries.clear();
            boundaries.put(0, States.zero());
        }
        int first = Math.max(0, index - (k2 / k1 - 1));
        States initial = boundaries.get(first);
        if (initial == null) {
            throw new IllegalStateException("no state for window " + first + "; steps must run in order");
        }
        int start = index * k1;
        int end = Math.min(start + k1, streams.positions());
        Batch window = streams.window(first * k1, end - first * k1);
        int[][] ids = ((Targets.StepClasses) window.targets()).ids();
        for (int t = 0; t < start - first * k1; t++) {
            java.util.Arrays.fill(ids[t], -1);
        }
        return new Work(window, initial);
    }

    @Override
    public void finished(long step, States finalStates) {
        int index = (int) (step % stepsPerEpoch());
        boundaries.put(index + 1, finalStates);
        boundaries.headMap(index + 2 - k2 / k1).clear();
    }

    @Override
    public Map<String, Tensor> carried() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        boundaries.forEach((i, states) -> {
            List<Map<String, double[][][]>> layers = states.layers();
            for (int k = 0; k < layers.size(); k++) {
                int layer = k;
                layers.get(k).forEach((name, v) -> out.put(i + "." + layer + "." + name, Tensors.fromArray3(v, v[0][0].length)));
            }
            if (layers.isEmpty()) {
                out.put(i + ".zero", Tensor.zeros(1));
            }
        });
        return out;
    }

    @Override
    public void restore(Map<String, Tensor> carried) {
        boundaries.clear();
        Map<Integer, List<Map<String, double[][][]>>> byWindow = new TreeMap<>();
        carried.forEach((key, t) -> {
            String[] parts = key.split("\\.", 3);
            List<Map<String, double[][][]>> layers = byWindow.computeIfAbsent(Integer.parseInt(parts[0]), i -> new ArrayList<>());
            if (parts[1].equals("zero")) {
                return;
            }
            int layer = Integer.parseInt(parts[1]);
            while (layers.size() <= layer) {
                layers.add(new LinkedHashMap<>());
            }
            layers.get(layer).put(parts[2], Tensors.toArray3(t));
        });
        byWindow.forEach((i, layers) -> boundaries.put(i, new States(layers)));
    }
}
