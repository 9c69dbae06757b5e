package io.rnnc.runtime.train;

import io.rnnc.runtime.data.Batch;
import io.rnnc.runtime.data.Targets;
import io.rnnc.runtime.engine.StackedRnn;
import io.rnnc.runtime.layer.Recurrent;
import io.rnnc.runtime.layer.Sampler;
import io.rnnc.runtime.layer.SequenceLayer;
import io.rnnc.runtime.loss.Reduction;
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
 */
public final class EncoderDecoder implements Learner {
    private final List<Recurrent> encoder;
    private final Model decoder;

    /**
     * @param encoder one-directional recurrent layers
     * @param decoder a model with a softmax head per step and as many recurrent layers, whose
     *     cells have the encoder's states
     */
    public EncoderDecoder(List<Recurrent> encoder, Model decoder) {
        if (encoder.size() != decoder.recurrentLayers().size()) {
            throw new IllegalArgumentException("the encoder has " + encoder.size() + " recurrent layers but the decoder "
                    + decoder.recurrentLayers().size());
        }
        for (Recurrent r : encoder) {
            if (r.directions().size() != 1) {
                throw new IllegalArgumentException("an encoder's layers must be one-directional to start a decoder");
            }
        }
        this.encoder = List.copyOf(encoder);
        this.decoder = decoder;
    }

    /** Encoder parameters as {@code encoder.NAME}, decoder parameters as {@code decoder.NAME}. */
    @Override
    public Map<String, Tensor> parameters() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        encoder.forEach(r -> r.parameters().forEach((k, t) -> out.put("encoder." + k, t)));
        decoder.parameters().forEach((k, t) -> out.put("decoder." + k, t));
        return out;
    }

    @Override
    public void reseedDropout(long seed, long step) {
        decoder.reseedDropout(seed, step);
    }

    @Override
    public Gradients gradients(Batch batch, States initial, Reduction reduction) {
        List<SequenceLayer.Pass> passes = new ArrayList<>();
        States encoded = encode(batch, passes, true);
        Batch target = decoded(batch).batch();
        Model.Output out = decoder.forward(target, encoded, true);
        Losses.Value loss = decoder.loss(out, target, reduction);
        Model.Backprop back = decoder.backprop(out, target, loss);
        Map<String, Tensor> grads = new LinkedHashMap<>();
        Map<String, Tensor> encoderGrads = new LinkedHashMap<>();
        double[][][] dy = null;
        for (int k = encoder.size() - 1; k >= 0; k--) {
            SequenceLayer.Pass pass = passes.get(k);
            double[][][] dOut = dy != null ? dy : zerosLike(pass.y());
            StackedRnn.Backward b = encoder.get(k).backward(pass, dOut, back.dInitial().layer(k), encoderGrads);
            dy = b.dx();
        }
        encoderGrads.forEach((name, g) -> grads.put("encoder." + name, g));
        back.grads().forEach((name, g) -> grads.put("decoder." + name, g));
        return new Gradients(loss.value(), grads, out.finalStates());
    }

    @Override
    public double loss(Batch batch, States initial, Reduction reduction) {
        States encoded = encode(batch, new ArrayList<>(), false);
        Batch target = decoded(batch).batch();
        return decoder.loss(decoder.forward(target, encoded, false), target, reduction).value();
    }

    /**
     * Greedy decoding of one source sequence.
     *
     * @param source {@code [T][X]}
     * @param start the token that starts every decoder input
     * @param end the token that ends the output (not included)
     * @return the tokens decoded, at most {@code maxLength}
     */
    public int[] decode(double[][] source, int start, int end, int maxLength) {
        double[][][] x = new double[source.length][1][];
        for (int t = 0; t < source.length; t++) {
            x[t][0] = source[t];
        }
        States states = encode(new Batch(x, new int[] {source.length}, null), new ArrayList<>(), false);
        List<Integer> out = new ArrayList<>();
        int token = start;
        while (out.size() < maxLength) {
            Model.Output o = decoder.oneHotStep(token, states);
            states = o.finalStates();
            token = Sampler.argmax(o.steps()[0][0]);
            if (token == end) {
                break;
            }
            out.add(token);
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    private States encode(Batch batch, List<SequenceLayer.Pass> passes, boolean training) {
        double[][][] x = batch.x();
        List<Map<String, double[][][]>> finals = new ArrayList<>();
        for (Recurrent r : encoder) {
            SequenceLayer.Pass pass = r.forward(x, batch.lengths(), Map.of(), training);
            passes.add(pass);
            finals.add(r.finalStates(pass));
            x = pass.y();
        }
        return new States(finals);
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
