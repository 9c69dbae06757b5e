package io.rnnc.runtime.engine;

import io.rnnc.runtime.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Layers stacked ("deep RNN"), each one-directional or bidirectional: layer k reads layer
 * k−1's output, both directions concatenated. The backward direction runs over each sequence
 * reversed within its valid length, so padding stays at the end. States are indexed as
 * PyTorch does: layer 0 forward, layer 0 backward, layer 1 forward, …
 */
public final class StackedRnn {
    private final List<List<RecurrentLayer>> layers;

    /** @param layers for each layer, its forward direction and, when bidirectional, its backward one */
    public StackedRnn(List<List<RecurrentLayer>> layers) {
        this.layers = layers;
    }

    /** The layers and directions. */
    public List<List<RecurrentLayer>> layers() {
        return layers;
    }

    /** Number of directions per layer (1 or 2). */
    public int directions() {
        return layers.get(0).size();
    }

    /**
     * Outputs of the last layer and each state's final value per layer and direction.
     *
     * @param y {@code [T][B][directions·out]}
     * @param finalStates by state name, {@code [layers·directions][B][size]}
     * @param runs each layer's and direction's own forward run, for the backward pass
     */
    public record Forward(double[][][] y, Map<String, double[][][]> finalStates, List<List<RecurrentLayer.Forward>> runs,
                          int[] lengths) {
    }

    /**
     * Gradients w.r.t. the input (null where the first layer's input gradients are off) and
     * each state's initial values ({@code [layers·directions][B][size]}).
     */
    public record Backward(double[][][] dx, Map<String, double[][][]> dInitial) {
    }

    /**
     * Whether backward passes compute the gradient of the stack's input (on by default); off
     * where the input is data, and the first layer's directions then skip that work.
     */
    public void setInputGradients(boolean needed) {
        layers.get(0).forEach(layer -> layer.setInputGradients(needed));
    }

    /**
     * Runs the stack.
     *
     * @param initial by state name, {@code [layers·directions][B][size]}; missing is zero
     */
    public Forward forward(double[][][] x, int[] lengths, Map<String, double[][][]> initial) {
        int slots = layers.size() * directions();
        Map<String, double[][][]> finals = new LinkedHashMap<>();
        List<List<RecurrentLayer.Forward>> runs = new ArrayList<>();
        double[][][] input = x;
        for (int l = 0; l < layers.size(); l++) {
            List<RecurrentLayer.Forward> layerRuns = new ArrayList<>();
            List<double[][][]> outputs = new ArrayList<>();
            for (int d = 0; d < directions(); d++) {
                RecurrentLayer layer = layers.get(l).get(d);
                int slot = l * directions() + d;
                Map<String, double[][]> init = new LinkedHashMap<>();
                for (String s : layer.stateNames()) {
                    double[][][] given = initial.get(s);
                    if (given != null) {
                        init.put(s, given[slot]);
                    }
                }
                boolean reverse = d == 1;
                RecurrentLayer.Forward run = layer.forward(reverse ? reversed(input, lengths) : input, lengths, init);
                layerRuns.add(run);
                outputs.add(reverse ? reversed(run.y(), lengths) : run.y());
                run.finalStates().forEach((s, v) ->
                        finals.computeIfAbsent(s, k -> new double[slots][][])[slot] = v);
            }
            runs.add(layerRuns);
            input = concatFeatures(outputs);
        }
        return new Forward(input, finals, runs, lengths.clone());
    }

    /**
     * Backpropagation through the stack; parameter gradients are added to
     * {@code paramGrads.get(layer).get(direction)} by parameter name.
     */
    public Backward backward(Forward f, double[][][] dy, Map<String, double[][][]> dFinal,
                             List<List<Map<String, Tensor>>> paramGrads) {
        int[] lengths = f.lengths();
        Map<String, double[][][]> dInitial = new LinkedHashMap<>();
        double[][][] dOut = dy;
        for (int l = layers.size() - 1; l >= 0; l--) {
            List<double[][][]> dParts = splitFeatures(dOut, layers.get(l));
            double[][][] dIn = null;
            for (int d = 0; d < directions(); d++) {
                RecurrentLayer layer = layers.get(l).get(d);
                int slot = l * directions() + d;
                boolean reverse = d == 1;
                Map<String, double[][]> dFin = new LinkedHashMap<>();
                for (String s : layer.stateNames()) {
                    double[][][] given = dFinal.get(s);
                    if (given != null && given[slot] != null) {
                        dFin.put(s, given[slot]);
                    }
                }
                double[][][] dYd = reverse ? reversed(dParts.get(d), lengths) : dParts.get(d);
                RecurrentLayer.Backward b = layer.backward(f.runs().get(l).get(d), dYd, dFin, paramGrads.get(l).get(d));
                if (b.dx() != null) {
                    double[][][] dx = reverse ? reversed(b.dx(), lengths) : b.dx();
                    dIn = dIn == null ? dx : added(dIn, dx);
                }
                int slots = layers.size() * directions();
                b.dInitial().forEach((s, v) -> dInitial.computeIfAbsent(s, k -> new double[slots][][])[slot] = v);
            }
            dOut = dIn;
        }
        return new Backward(dOut, dInitial);
    }

    /** Each sequence reversed within its valid length; padding stays where it is. */
    static double[][][] reversed(double[][][] seq, int[] lengths) {
        double[][][] out = new double[seq.length][lengths.length][];
        for (int t = 0; t < seq.length; t++) {
            for (int b = 0; b < lengths.length; b++) {
                out[t][b] = t < lengths[b] ? seq[lengths[b] - 1 - t][b] : seq[t][b];
            }
        }
        return out;
    }

    private static double[][][] concatFeatures(List<double[][][]> parts) {
        if (parts.size() == 1) {
            return parts.get(0);
        }
        double[][][] first = parts.get(0);
        double[][][] out = new double[first.length][first.length == 0 ? 0 : first[0].length][];
        for (int t = 0; t < out.length; t++) {
            for (int b = 0; b < out[t].length; b++) {
                int total = 0;
                for (double[][][] p : parts) {
                    total += p[t][b].length;
                }
                double[] row = new double[total];
                int at = 0;
                for (double[][][] p : parts) {
                    System.arraycopy(p[t][b], 0, row, at, p[t][b].length);
                    at += p[t][b].length;
                }
                out[t][b] = row;
            }
        }
        return out;
    }

    private static List<double[][][]> splitFeatures(double[][][] whole, List<RecurrentLayer> directions) {
        List<double[][][]> parts = new ArrayList<>();
        int at = 0;
        for (RecurrentLayer layer : directions) {
            int width = layer.outputSize();
            double[][][] part = new double[whole.length][][];
            for (int t = 0; t < whole.length; t++) {
                part[t] = new double[whole[t].length][];
                for (int b = 0; b < whole[t].length; b++) {
                    part[t][b] = java.util.Arrays.copyOfRange(whole[t][b], at, at + width);
                }
            }
            parts.add(part);
            at += width;
        }
        return parts;
    }

    private static double[][][] added(double[][][] a, double[][][] b) {
        for (int t = 0; t < a.length; t++) {
            for (int i = 0; i < a[t].length; i++) {
                for (int j = 0; j < a[t][i].length; j++) {
                    a[t][i][j] += b[t][i][j];
                }
            }
        }
        return a;
    }
}
