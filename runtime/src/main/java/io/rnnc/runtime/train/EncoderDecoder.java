package io.rnnc.runtime.train;

import io.rnnc.runtime.data.Batch;
import io.rnnc.runtime.data.Targets;
import io.rnnc.runtime.engine.RecurrentLayer;
import io.rnnc.runtime.engine.StackedRnn;
import io.rnnc.runtime.layer.Dense;
import io.rnnc.runtime.layer.Recurrent;
import io.rnnc.runtime.layer.Sampler;
import io.rnnc.runtime.layer.SequenceLayer;
import io.rnnc.runtime.loss.Reduction;
import io.rnnc.runtime.step.ModelStepper;
import io.rnnc.runtime.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sequence to sequence: an encoder's recurrent layers read the source, and their final states
 * start the decoder's recurrent layers, layer for layer. Trained with teacher forcing (the
 * decoder reads the true previous token); {@link #decode} generates greedily, feeding back
 * its own predictions.
 *
 * <p>A bidirectional encoder ends each layer with two final values of every state, one per
 * direction; a learned linear bridge per layer and state maps the two, concatenated
 * (forward, backward), to the decoder's initial state: {@code s₀ = W [s→; s←] + b}.
 */
public final class EncoderDecoder implements Learner {
    private final List<Recurrent> encoder;
    private final List<Map<String, Dense>> bridges;
    private final Model decoder;

    /**
     * An encoder-decoder whose encoder runs one way: its final states start the decoder as they are.
     *
     * @param encoder one-directional recurrent layers
     * @param decoder a model with a softmax head per step and as many recurrent layers, whose
     *     cells have the encoder's states
     */
    public EncoderDecoder(List<Recurrent> encoder, Model decoder) {
        this(encoder, List.of(), decoder);
    }

    /**
     * @param encoder recurrent layers, all one-directional or all bidirectional
     * @param bridges for a bidirectional encoder, per layer, a dense layer per state from both
     *     directions' final values ({@code 2·size}) to the decoder's initial one ({@code size});
     *     empty for a one-directional encoder
     * @param decoder a model with a softmax head per step and as many one-directional recurrent
     *     layers, whose cells have the encoder's states
     */
    public EncoderDecoder(List<Recurrent> encoder, List<Map<String, Dense>> bridges, Model decoder) {
        if (encoder.size() != decoder.recurrentLayers().size()) {
            throw new IllegalArgumentException("the encoder has " + encoder.size() + " recurrent layers but the decoder "
                    + decoder.recurrentLayers().size());
        }
        for (int k = 0; k < encoder.size(); k++) {
            checkBridges(encoder.get(k), k < bridges.size() ? bridges.get(k) : null);
        }
        this.encoder = List.copyOf(encoder);
        this.bridges = List.copyOf(bridges);
        this.decoder = decoder;
    }

    private static void checkBridges(Recurrent layer, Map<String, Dense> bridge) {
        if (layer.directions().size() == 1) {
            if (bridge != null) {
                throw new IllegalArgumentException("a one-directional encoder starts its decoder without a bridge");
            }
            return;
        }
        RecurrentLayer forward = layer.directions().get(0);
        if (bridge == null || !bridge.keySet().equals(new java.util.HashSet<>(forward.stateNames()))) {
            throw new IllegalArgumentException("a bidirectional encoder needs a bridge for each of its states "
                    + forward.stateNames());
        }
        bridge.forEach((state, dense) -> {
            int size = forward.stateSize(state);
            if (dense.inputSize() != 2 * size || dense.outputSize() != size) {
                throw new IllegalArgumentException("the bridge of state " + state + " maps " + dense.inputSize()
                        + " values to " + dense.outputSize() + ", not " + 2 * size + " to " + size);
            }
        });
    }

    /** The encoder's recurrent layers. */
    public List<Recurrent> encoder() {
        return encoder;
    }

    /** The decoder. */
    public Model decoder() {
        return decoder;
    }

    /**
     * Encoder parameters as {@code encoder.NAME}, bridges as {@code bridge.STATE_l{k}.NAME},
     * decoder parameters as {@code decoder.NAME}.
     */
    @Override
    public Map<String, Tensor> parameters() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        encoder.forEach(r -> r.parameters().forEach((k, t) -> out.put("encoder." + k, t)));
        for (int k = 0; k < bridges.size(); k++) {
            String layer = "_l" + k + ".";
            bridges.get(k).forEach((state, dense) -> dense.parameters()
                    .forEach((name, t) -> out.put("bridge." + state + layer + name, t)));
        }
        decoder.parameters().forEach((k, t) -> out.put("decoder." + k, t));
        return out;
    }

    /** Frees the device memory of the encoder's and the decoder's cells on OpenCL; neither can run after. */
    @Override
    public void close() {
        encoder.forEach(Recurrent::close);
        decoder.close();
    }

    @Override
    public void reseedDropout(long seed, long step, int[] places) {
        decoder.reseedDropout(seed, step, places);
    }

    @Override
    public Gradients gradients(Batch batch, States initial, Reduction reduction) {
        Encoded encoded = encode(batch, true);
        Batch target = decoded(batch).batch();
        Model.Output out = decoder.forward(target, encoded.states(), true);
        Losses.Value loss = decoder.loss(out, target, reduction);
        Model.Backprop back = decoder.backprop(out, target, loss);
        Map<String, Tensor> grads = new LinkedHashMap<>();
        Map<String, Tensor> encoderGrads = new LinkedHashMap<>();
        Map<String, Tensor> bridgeGrads = new LinkedHashMap<>();
        double[][][] dy = null;
        for (int k = encoder.size() - 1; k >= 0; k--) {
            SequenceLayer.Pass pass = encoded.passes().get(k);
            double[][][] dOut = dy != null ? dy : zerosLike(pass.y());
            Map<String, double[][][]> dFinal = k < bridges.size()
                    ? bridgeBackward(k, encoded.bridgePasses().get(k), back.dInitial().layer(k), bridgeGrads)
                    : back.dInitial().layer(k);
            StackedRnn.Backward b = encoder.get(k).backward(pass, dOut, dFinal, encoderGrads);
            dy = b.dx();
        }
        encoderGrads.forEach((name, g) -> grads.put("encoder." + name, g));
        grads.putAll(bridgeGrads);
        back.grads().forEach((name, g) -> grads.put("decoder." + name, g));
        return new Gradients(loss.value(), grads, out.finalStates());
    }

    @Override
    public double loss(Batch batch, States initial, Reduction reduction) {
        States encoded = encode(batch, false).states();
        Batch target = decoded(batch).batch();
        return decoder.loss(decoder.forward(target, encoded, false), target, reduction).value();
    }

    /**
     * Greedy decoding of one source sequence.
     *
     * @param source {@code [T][X]}
     * @param start the token that starts every decoder input
     * @param end the token that ends the output (not included)
     * @return the tokens decoded, at most {@code maxLength}; never {@code start}, which only begins inputs
     */
    public int[] decode(double[][] source, int start, int end, int maxLength) {
        double[][][] x = new double[source.length][1][];
        for (int t = 0; t < source.length; t++) {
            x[t][0] = source[t];
        }
        States states = encode(new Batch(x, new int[] {source.length}, null), false).states();
        List<Integer> out = new ArrayList<>();
        ModelStepper stepper = decoder.stepper(1);
        stepper.setStates(states.layers());
        int[] token = {start};
        while (out.size() < maxLength) {
            double[] logits = stepper.stepTokens(token);
            // An untrained decoder may rank the start token first; it is no output token.
            logits[start] = Double.NEGATIVE_INFINITY;
            token[0] = Sampler.argmax(logits);
            if (token[0] == end) {
                break;
            }
            out.add(token[0]);
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /** What encoding a batch gives the decoder, and what its backward pass needs. */
    private record Encoded(States states, List<SequenceLayer.Pass> passes, List<Map<String, SequenceLayer.Pass>> bridgePasses) {
    }

    private Encoded encode(Batch batch, boolean training) {
        double[][][] x = batch.x();
        List<SequenceLayer.Pass> passes = new ArrayList<>();
        List<Map<String, SequenceLayer.Pass>> bridgePasses = new ArrayList<>();
        List<Map<String, double[][][]>> finals = new ArrayList<>();
        for (int k = 0; k < encoder.size(); k++) {
            Recurrent r = encoder.get(k);
            SequenceLayer.Pass pass = r.forward(x, batch.lengths(), Map.of(), training);
            passes.add(pass);
            Map<String, double[][][]> last = r.finalStates(pass);
            if (k < bridges.size()) {
                Map<String, SequenceLayer.Pass> bridged = new LinkedHashMap<>();
                Map<String, double[][][]> started = new LinkedHashMap<>();
                bridges.get(k).forEach((state, dense) -> {
                    // Both directions' final values, side by side, as one step of a batch.
                    SequenceLayer.Pass p = dense.forward(new double[][][] {concatenated(last.get(state))},
                            ones(batch.size()), training);
                    bridged.put(state, p);
                    started.put(state, p.y());
                });
                bridgePasses.add(bridged);
                finals.add(started);
            } else {
                finals.add(last);
            }
            x = pass.y();
        }
        return new Encoded(new States(finals), passes, bridgePasses);
    }

    /** The gradients of layer k's final states in both directions, from those of the decoder's initial states. */
    private Map<String, double[][][]> bridgeBackward(int k, Map<String, SequenceLayer.Pass> passes,
                                                     Map<String, double[][][]> dStarted, Map<String, Tensor> grads) {
        Map<String, double[][][]> dFinal = new LinkedHashMap<>();
        bridges.get(k).forEach((state, dense) -> {
            double[][][] d = dStarted.get(state);
            if (d == null) {
                return;
            }
            Map<String, Tensor> local = new LinkedHashMap<>();
            for (Map.Entry<String, Tensor> e : dense.parameters().entrySet()) {
                String name = "bridge." + state + "_l" + k + "." + e.getKey();
                local.put(e.getKey(), grads.computeIfAbsent(name, n -> Tensor.zeros(e.getValue().shape())));
            }
            dFinal.put(state, split(dense.backward(passes.get(state), d, local)[0]));
        });
        return dFinal;
    }

    /** {@code [2][B][n]} as {@code [B][2n]}: each sample's forward value, then its backward one. */
    private static double[][] concatenated(double[][][] byDirection) {
        int batch = byDirection[0].length;
        int n = batch == 0 ? 0 : byDirection[0][0].length;
        double[][] out = new double[batch][2 * n];
        for (int b = 0; b < batch; b++) {
            System.arraycopy(byDirection[0][b], 0, out[b], 0, n);
            System.arraycopy(byDirection[1][b], 0, out[b], n, n);
        }
        return out;
    }

    /** The inverse of {@link #concatenated}. */
    private static double[][][] split(double[][] rows) {
        int n = rows.length == 0 ? 0 : rows[0].length / 2;
        double[][][] out = new double[2][rows.length][];
        for (int b = 0; b < rows.length; b++) {
            out[0][b] = java.util.Arrays.copyOfRange(rows[b], 0, n);
            out[1][b] = java.util.Arrays.copyOfRange(rows[b], n, 2 * n);
        }
        return out;
    }

    private static int[] ones(int n) {
        int[] out = new int[n];
        java.util.Arrays.fill(out, 1);
        return out;
    }

    private static Targets.Decoded decoded(Batch batch) {
        if (!(batch.targets() instanceof Targets.Decoded d)) {
            throw new IllegalArgumentException("an encoder-decoder trains on batches with decoder targets");
        }
        return d;
    }

    private static double[][][] zerosLike(double[][][] y) {
        double[][][] z = new double[y.length][][];
        for (int t = 0; t < y.length; t++) {
            z[t] = new double[y[t].length][y[t].length == 0 ? 0 : y[t][0].length];
        }
        return z;
    }
}
