package io.rnnc.compiler.backend;

import io.rnnc.compiler.ir.StepGraph;
import io.rnnc.runtime.engine.RecurrentLayer;
import io.rnnc.runtime.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What every backend's layer shares: sizes read off the cell's step graph, the live
 * parameters, and the state masks of recurrent dropout (ones wherever none was given).
 */
public abstract class StepGraphLayer implements RecurrentLayer {
    protected final StepGraph forwardGraph;
    protected final Map<String, Integer> sizes;
    protected final Map<String, Tensor> params;
    private final Set<String> masked;
    /** Each state's size, evaluated once: the time loops ask for it at every step. */
    private final Map<String, Integer> stateSizes = new java.util.HashMap<>();
    private Map<String, double[][]> masks = Map.of();

    /**
     * @param forwardGraph the cell's forward step
     * @param sizes a value for H, X and every size parameter
     * @param params the parameters by the cell's names (read at each forward call, so updates show)
     */
    protected StepGraphLayer(StepGraph forwardGraph, Map<String, Integer> sizes, Map<String, Tensor> params) {
        this.forwardGraph = forwardGraph;
        this.sizes = Map.copyOf(sizes);
        this.params = params;
        this.masked = forwardGraph.maskedStates();
        forwardGraph.stateNames().forEach(s -> stateSizes.put(s, forwardGraph.state(s).size().evaluate(this.sizes)));
    }

    @Override
    public int inputSize() {
        return forwardGraph.cell().inputSize().evaluate(sizes);
    }

    @Override
    public int outputSize() {
        return forwardGraph.outputSize().evaluate(sizes);
    }

    @Override
    public List<String> stateNames() {
        return forwardGraph.stateNames();
    }

    @Override
    public int stateSize(String state) {
        Integer size = stateSizes.get(state);
        if (size == null) {
            throw new IllegalArgumentException("no state " + state);
        }
        return size;
    }

    @Override
    public Map<String, Tensor> parameters() {
        return params;
    }

    @Override
    public Set<String> maskedStates() {
        return masked;
    }

    @Override
    public void setStateMasks(Map<String, double[][]> given) {
        this.masks = Map.copyOf(given);
    }

    /** Row b of a masked state's mask: the one given, or ones. */
    protected double[] maskRow(String state, int b) {
        double[][] m = masks.get(state);
        if (m != null) {
            return m[b];
        }
        double[] ones = new double[stateSize(state)];
        Arrays.fill(ones, 1);
        return ones;
    }
}
