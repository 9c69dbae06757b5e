package io.rnnc.runtime.step;

import io.rnnc.runtime.engine.RecurrentLayer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Any recurrent layer stepped through its sequence API, one step a call: correct for every
 * backend (the reference interpreter, OpenCL), but it allocates what a forward pass allocates.
 * Compiled layers step their plan instead ({@link PlanStepper}).
 */
public final class ForwardStepper implements CellStepper {
    private final RecurrentLayer layer;
    private final int batch;
    private final int[] lengths;
    private final double[][][] x;
    private Map<String, double[][]> states = Map.of();

    public ForwardStepper(RecurrentLayer layer, int batch) {
        if (batch < 1) {
            throw new IllegalArgumentException("a stepper runs at least one sequence, not " + batch);
        }
        this.layer = layer;
        this.batch = batch;
        this.lengths = new int[batch];
        java.util.Arrays.fill(lengths, 1);
        this.x = new double[1][batch][layer.inputSize()];
    }

    @Override
    public int batch() {
        return batch;
    }

    @Override
    public int inputSize() {
        return layer.inputSize();
    }

    @Override
    public int outputSize() {
        return layer.outputSize();
    }

    @Override
    public void step(double[] in, double[] y) {
        int w = inputSize();
        for (int b = 0; b < batch; b++) {
            System.arraycopy(in, b * w, x[0][b], 0, w);
        }
        run(y);
    }

    @Override
    public void stepOneHot(int[] tokens, double[] y) {
        for (int b = 0; b < batch; b++) {
            java.util.Arrays.fill(x[0][b], 0);
            x[0][b][tokens[b]] = 1;
        }
        run(y);
    }

    private void run(double[] y) {
        RecurrentLayer.Forward f = layer.forward(x, lengths, states);
        int w = outputSize();
        for (int b = 0; b < batch; b++) {
            System.arraycopy(f.y()[0][b], 0, y, b * w, w);
        }
        states = copy(f.finalStates());
    }

    @Override
    public List<String> stateNames() {
        return layer.stateNames();
    }

    @Override
    public Map<String, double[][]> states() {
        Map<String, double[][]> out = new LinkedHashMap<>();
        for (String s : layer.stateNames()) {
            double[][] v = states.get(s);
            out.put(s, v == null ? new double[batch][layer.stateSize(s)] : copy(v));
        }
        return out;
    }

    @Override
    public void setStates(Map<String, double[][]> given) {
        states = copy(given);
    }

    @Override
    public Object newSnapshot() {
        return new Object[1];
    }

    @Override
    public void save(Object snapshot) {
        ((Object[]) snapshot)[0] = copy(states);
    }

    @Override
    public void restore(Object snapshot) {
        @SuppressWarnings("unchecked")
        Map<String, double[][]> saved = (Map<String, double[][]>) ((Object[]) snapshot)[0];
        states = saved == null ? Map.of() : copy(saved);
    }

    private static Map<String, double[][]> copy(Map<String, double[][]> m) {
        Map<String, double[][]> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(k, copy(v)));
        return out;
    }

    private static double[][] copy(double[][] v) {
        double[][] out = new double[v.length][];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i].clone();
        }
        return out;
    }
}
