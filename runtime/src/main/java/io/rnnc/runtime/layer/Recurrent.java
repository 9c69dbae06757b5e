package io.rnnc.runtime.layer;

import io.rnnc.runtime.engine.RecurrentLayer;
import io.rnnc.runtime.engine.StackedRnn;
import io.rnnc.runtime.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Layer k of a deep RNN as a {@link SequenceLayer}: a compiled cell in one direction or, when
 * bidirectional, in both with the outputs concatenated. Parameters are named as in the file
 * interface, the cell's own name with {@code _l{k}} and, for the backward direction,
 * {@code _reverse}. States can be given and read back, for truncated BPTT and for an
 * encoder's final states that start a decoder.
 */
public final class Recurrent implements SequenceLayer {
    private final int index;
    private final StackedRnn rnn;
    private final List<RecurrentLayer> directions;
    private final double stateDropout;
    private final DropoutMasks.Site masks;

    /**
     * @param index the layer's position k among the recurrent layers
     * @param directions the forward direction and, for a bidirectional layer, the backward one
     */
    public Recurrent(int index, List<RecurrentLayer> directions) {
        this(index, directions, 0, null);
    }

    /**
     * A layer with variational dropout on the recurrent state: while training, each sequence
     * draws one mask per masked state ({@link RecurrentLayer#maskedStates()}) and keeps it for
     * every step; units survive with probability 1 − p and are scaled by 1/(1 − p).
     *
     * @param masks where the masks come from, a site of the model's masks (null without dropout)
     */
    public Recurrent(int index, List<RecurrentLayer> directions, double stateDropout, DropoutMasks.Site masks) {
        if (stateDropout < 0 || stateDropout >= 1) {
            throw new IllegalArgumentException("recurrent dropout must be in [0, 1), not " + stateDropout);
        }
        if (stateDropout > 0 && directions.stream().anyMatch(d -> d.maskedStates().isEmpty())) {
            throw new IllegalArgumentException("recurrent dropout masks a state where a matrix product reads it, "
                    + "and this cell has no such product");
        }
        if (stateDropout > 0 && masks == null) {
            throw new IllegalArgumentException("recurrent dropout needs a source of masks");
        }
        this.stateDropout = stateDropout;
        this.masks = masks;
        if (directions.isEmpty() || directions.size() > 2) {
            throw new IllegalArgumentException("a recurrent layer has one or two directions, not " + directions.size());
        }
        this.index = index;
        this.directions = List.copyOf(directions);
        this.rnn = new StackedRnn(List.of(this.directions));
    }

    /** The cell in each direction. */
    public List<RecurrentLayer> directions() {
        return directions;
    }

    /** Frees what each direction holds outside the Java heap (an OpenCL device's memory). */
    public void close() {
        directions.forEach(RecurrentLayer::close);
    }

    @Override
    public int inputSize() {
        return directions.get(0).inputSize();
    }

    @Override
    public int outputSize() {
        return directions.size() * directions.get(0).outputSize();
    }

    @Override
    public Map<String, Tensor> parameters() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (int d = 0; d < directions.size(); d++) {
            String suffix = suffix(d);
            directions.get(d).parameters().forEach((name, t) -> out.put(name + suffix, t));
        }
        return out;
    }

    @Override
    public Pass forward(double[][][] x, int[] lengths, boolean training) {
        return forward(x, lengths, Map.of(), training);
    }

    /**
     * Runs the layer from given states.
     *
     * @param initial by state name, {@code [directions][B][size]}; missing is zero
     * @param training whether recurrent dropout is on
     */
    public Pass forward(double[][][] x, int[] lengths, Map<String, double[][][]> initial, boolean training) {
        for (int d = 0; d < directions.size(); d++) {
            directions.get(d).setStateMasks(training && stateDropout > 0 ? stateMasks(d, lengths.length) : Map.of());
        }
        StackedRnn.Forward f = rnn.forward(x, lengths, initial);
        return new Pass(f.y(), f);
    }

    /**
     * Whether backward passes compute the gradient of this layer's input (on by default): off
     * for a model's first layer, whose input is data; its backward then returns null.
     */
    public void setInputGradients(boolean needed) {
        rnn.setInputGradients(needed);
    }

    /** Each state's value after the last valid step, {@code [directions][B][size]} by name. */
    public Map<String, double[][][]> finalStates(Pass pass) {
        return ((StackedRnn.Forward) pass.saved()).finalStates();
    }

    @Override
    public double[][][] backward(Pass pass, double[][][] dy, Map<String, Tensor> grads) {
        return backward(pass, dy, Map.of(), grads).dx();
    }

    /**
     * Backpropagation with gradients on the final states as well; returns those of the input
     * and of the initial states.
     */
    public StackedRnn.Backward backward(Pass pass, double[][][] dy, Map<String, double[][][]> dFinal,
                                        Map<String, Tensor> grads) {
        List<Map<String, Tensor>> perDirection = new ArrayList<>();
        for (int d = 0; d < directions.size(); d++) {
            Map<String, Tensor> local = new LinkedHashMap<>();
            String suffix = suffix(d);
            directions.get(d).parameters().forEach((name, t) ->
                    local.put(name, grads.computeIfAbsent(name + suffix, k -> Tensor.zeros(t.shape()))));
            perDirection.add(local);
        }
        return rnn.backward((StackedRnn.Forward) pass.saved(), dy, dFinal, List.of(perDirection));
    }

    /** Direction d's masks: one per sample and masked state (in name order), mask slot d·states + i of the sample. */
    private Map<String, double[][]> stateMasks(int d, int batch) {
        RecurrentLayer direction = directions.get(d);
        List<String> states = List.copyOf(new TreeSet<>(direction.maskedStates()));
        Map<String, double[][]> out = new LinkedHashMap<>();
        for (int i = 0; i < states.size(); i++) {
            double[][] m = new double[batch][];
            for (int b = 0; b < batch; b++) {
                m[b] = masks.factors(b, (long) d * states.size() + i, direction.stateSize(states.get(i)), stateDropout);
            }
            out.put(states.get(i), m);
        }
        return out;
    }

    private String suffix(int direction) {
        return suffix(index, direction == 1);
    }

    /** The suffix of a parameter's name in layer {@code layer}, as PyTorch's RNNs name them: {@code _l0}, {@code _l1_reverse}. */
    public static String suffix(int layer, boolean reverse) {
        return "_l" + layer + (reverse ? "_reverse" : "");
    }
}
