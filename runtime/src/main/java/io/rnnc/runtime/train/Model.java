package io.rnnc.runtime.train;

import io.rnnc.runtime.data.Batch;
import io.rnnc.runtime.engine.StackedRnn;
import io.rnnc.runtime.layer.DropoutMasks;
import io.rnnc.runtime.layer.FrameStack;
import io.rnnc.runtime.layer.Pooling;
import io.rnnc.runtime.layer.Recurrent;
import io.rnnc.runtime.layer.SequenceLayer;
import io.rnnc.runtime.step.ModelStepper;
import io.rnnc.runtime.step.Steppable;
import io.rnnc.runtime.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A sequence model: front-end layers, recurrent layers (with dropout between them), and a dense
 * head (or, for a cell that ends in its own softmax, the log of the cell's output) that reads
 * every step or, for one answer per sequence, the pooled outputs. The head's
 * kind fixes the loss: softmax with cross-entropy, sigmoid with binary cross-entropy, or linear
 * with mean squared error.
 */
public final class Model implements Learner, Steppable {
    /** The output activation and, with it, the loss. */
    public enum Head { SOFTMAX, SIGMOID, LINEAR }

    private final List<Layer> layers;
    private final Pooling pooling;
    private final SequenceLayer head;
    private final Head kind;
    private final DropoutMasks dropoutMasks;

    /**
     * A layer of the body and the prefix of its parameters' names. The prefix names the layer by
     * what it is ({@code dense.}), not by its position, so that adding a layer without
     * parameters (dropout) renames nothing; recurrent layers have none, since their parameters
     * carry the cell's names with PyTorch's {@code _l{k}} suffixes.
     */
    public record Layer(String prefix, SequenceLayer layer) {
    }

    /**
     * @param layers the body in order; {@link Recurrent} layers among them carry states
     * @param pooling how the head reads a whole sequence, or null to read every step
     * @param head the output layer: a dense layer, or the log of the cell's own probabilities
     * @param kind its activation and loss
     * @param dropoutMasks where the body's dropout layers draw their masks, moved to each step
     * @throws IllegalArgumentException when two parameters would have the same name
     */
    public Model(List<Layer> layers, Pooling pooling, SequenceLayer head, Head kind, DropoutMasks dropoutMasks) {
        this.layers = List.copyOf(layers);
        // The first layer's input is the data: nothing reads the gradient of that.
        if (!layers.isEmpty() && layers.get(0).layer() instanceof Recurrent first) {
            first.setInputGradients(false);
        }
        if (!layers.isEmpty() && layers.get(0).layer() instanceof FrameStack first) {
            first.setInputGradients(false);
        }
        this.pooling = pooling;
        this.head = head;
        this.kind = kind;
        this.dropoutMasks = dropoutMasks;
        int count = layers.stream().mapToInt(l -> l.layer().parameters().size()).sum() + head.parameters().size();
        if (parameters().size() != count) {
            throw new IllegalArgumentException("two layers of the model give their parameters the same names");
        }
    }

    /** The body's layers. */
    public List<SequenceLayer> layers() {
        return layers.stream().map(Layer::layer).toList();
    }

    /** The body's layers with the prefixes of their parameters' names. */
    public List<Layer> namedLayers() {
        return layers;
    }

    /** The output layer. */
    public SequenceLayer headLayer() {
        return head;
    }

    /** The head's kind. */
    public Head head() {
        return kind;
    }

    /** Size of each step's input. */
    @Override
    public int inputSize() {
        return layers.isEmpty() ? head.inputSize() : layers.get(0).layer().inputSize();
    }

    /** Size of the head's output. */
    @Override
    public int outputSize() {
        return head.outputSize();
    }

    /** How the head reads a sequence, or null for every step. */
    public Pooling pooling() {
        return pooling;
    }

    /**
     * Every parameter, live: recurrent layers under the cell's names with {@code _l{k}}
     * (and {@code _reverse}), other layers under their prefix ({@code dense.weight}), the head as
     * {@code head.NAME}.
     */
    @Override
    public Map<String, Tensor> parameters() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Layer l : layers) {
            l.layer().parameters().forEach((name, t) -> out.put(l.prefix() + name, t));
        }
        head.parameters().forEach((name, t) -> out.put("head." + name, t));
        return out;
    }

    /** The recurrent layers, in order. */
    public List<Recurrent> recurrentLayers() {
        return layers().stream().filter(l -> l instanceof Recurrent).map(l -> (Recurrent) l).toList();
    }

    @Override
    public Gradients gradients(Batch batch, States initial, io.rnnc.runtime.loss.Reduction reduction) {
        Output out = forward(batch, initial, true);
        Losses.Value loss = loss(out, batch, reduction);
        return new Gradients(loss.value(), backward(out, batch, loss), out.finalStates());
    }

    @Override
    public double loss(Batch batch, States initial, io.rnnc.runtime.loss.Reduction reduction) {
        return loss(forward(batch, initial, false), batch, reduction).value();
    }

    /** Frees the device memory of the cells on OpenCL; the model cannot run after. */
    @Override
    public void close() {
        recurrentLayers().forEach(Recurrent::close);
    }

    @Override
    public void reseedDropout(long seed, long step, int[] places) {
        dropoutMasks.moveTo(seed, step, places);
    }

    /**
     * Outputs of a run: per step {@code [T][B][Y]} or per sequence {@code [B][Y]}, and the final
     * states; it also keeps what {@link Model#backward} reads.
     */
    public static final class Output {
        private final double[][][] steps;
        private final double[][] sequences;
        private final States finalStates;
        private final Saved saved;

        private Output(double[][][] steps, double[][] sequences, States finalStates, Saved saved) {
            this.steps = steps;
            this.sequences = sequences;
            this.finalStates = finalStates;
            this.saved = saved;
        }

        /** The head's values at every step {@code [T][B][Y]}, or null where the head reads whole sequences. */
        public double[][][] steps() {
            return steps;
        }

        /** The head's values per sequence {@code [B][Y]}, or null where it reads every step. */
        public double[][] sequences() {
            return sequences;
        }

        /** The recurrent layers' states after the last step. */
        public States finalStates() {
            return finalStates;
        }
    }

    /**
     * Runs the model; {@code training} turns dropout on. The outputs are the head's values
     * before its activation (logits for softmax and sigmoid heads).
     */
    public Output forward(Batch batch, States initial, boolean training) {
        int[] lengths = batch.lengths();
        double[][][] x = batch.x();
        List<SequenceLayer.Pass> passes = new ArrayList<>();
        List<Map<String, double[][][]>> finals = new ArrayList<>();
        int k = 0;
        for (SequenceLayer layer : layers()) {
            SequenceLayer.Pass pass;
            if (layer instanceof Recurrent r) {
                pass = r.forward(x, lengths, initial.layer(k++), training);
                finals.add(r.finalStates(pass));
            } else {
                pass = layer.forward(x, lengths, training);
            }
            passes.add(pass);
            x = pass.y();
        }
        if (pooling == null) {
            SequenceLayer.Pass h = head.forward(x, lengths, training);
            return new Output(h.y(), null, new States(finals), new Saved(passes, h, x));
        }
        double[][][] pooled = {pooling.pool(x, lengths)};
        SequenceLayer.Pass h = head.forward(pooled, ones(lengths.length), training);
        return new Output(null, h.y()[0], new States(finals), new Saved(passes, h, x));
    }

    /**
     * The model run a step at a time for {@code batch} sequences, from zero states, with the
     * parameters as they are now (see {@link ModelStepper}).
     *
     * @throws IllegalStateException for a model that answers once per sequence or reads it both ways
     */
    @Override
    public ModelStepper stepper(int batch) {
        if (pooling != null) {
            throw new IllegalStateException("the model answers once per sequence, not at every step");
        }
        try {
            return ModelStepper.of(layers(), head, batch);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /**
     * One step of one sequence reading token {@code token} (one-hot) from {@code states}, as
     * generation feeds its samples back. Each call packs the weights anew: to generate, step a
     * {@link #stepper} instead.
     */
    public Output oneHotStep(int token, States states) {
        ModelStepper s = stepper(1);
        s.setStates(states.layers());
        double[] logits = s.stepTokens(new int[] {token}).clone();
        return new Output(new double[][][] {{logits}}, null, new States(s.states()), null);
    }

    /** The loss of a run against the batch's targets, and its gradient w.r.t. the outputs. */
    public Losses.Value loss(Output out, Batch batch, io.rnnc.runtime.loss.Reduction reduction) {
        return Losses.of(kind, out, batch, reduction);
    }

    /** Backpropagation from the outputs' gradient; returns the parameters' gradients by {@link #parameters()}'s names. */
    public Map<String, Tensor> backward(Output out, Batch batch, Losses.Value loss) {
        return backprop(out, batch, loss).grads();
    }

    /** The parameters' gradients and those of the recurrent layers' initial states. */
    public record Backprop(Map<String, Tensor> grads, States dInitial) {
    }

    /** Backpropagation that also gives the gradients of the initial states, for a decoder started by an encoder. */
    public Backprop backprop(Output out, Batch batch, Losses.Value loss) {
        Saved saved = out.saved;
        int[] lengths = batch.lengths();
        Map<String, Tensor> grads = new LinkedHashMap<>();
        Map<String, Tensor> headGrads = new LinkedHashMap<>();
        double[][][] d;
        if (pooling == null) {
            d = head.backward(saved.head(), loss.stepGradient(), headGrads);
        } else {
            double[][][] dPooled = head.backward(saved.head(), new double[][][] {loss.sequenceGradient()}, headGrads);
            d = pooling.unpool(dPooled[0], saved.bodyOutput(), lengths);
        }
        List<Map<String, double[][][]>> dInitial = new ArrayList<>();
        for (int i = layers.size() - 1; i >= 0; i--) {
            SequenceLayer layer = layers.get(i).layer();
            if (layer instanceof Recurrent r) {
                StackedRnn.Backward b = r.backward(saved.passes().get(i), d, Map.of(), grads);
                d = b.dx();
                dInitial.add(0, b.dInitial());
            } else {
                Map<String, Tensor> local = new LinkedHashMap<>();
                d = layer.backward(saved.passes().get(i), d, local);
                String prefix = layers.get(i).prefix();
                local.forEach((name, g) -> grads.put(prefix + name, g));
            }
        }
        headGrads.forEach((name, g) -> grads.put("head." + name, g));
        return new Backprop(grads, new States(dInitial));
    }

    private static int[] ones(int n) {
        int[] out = new int[n];
        java.util.Arrays.fill(out, 1);
        return out;
    }

    private record Saved(List<SequenceLayer.Pass> passes, SequenceLayer.Pass head, double[][][] bodyOutput) {
    }
}
