package io.rnnc.runtime.step;

import io.rnnc.runtime.blas.Blas;
import io.rnnc.runtime.layer.Activation;
import io.rnnc.runtime.layer.Dense;
import io.rnnc.runtime.layer.Dropout;
import io.rnnc.runtime.layer.Recurrent;
import io.rnnc.runtime.layer.SequenceLayer;
import io.rnnc.runtime.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A sequence model run a step at a time for {@code batch} sequences, as text generation and
 * greedy decoding run it: each call reads one step (or one token) per sequence and returns the
 * head's output (logits), the recurrent states carried inside. Dropout is off; a dense layer
 * is one BLAS product a step. Once made, a step of compiled layers allocates nothing.
 *
 * <p>The parameters are read when the stepper is made: make another after they change. States
 * can be saved and restored ({@link #newState}, {@link #save}, {@link #restore}), to explore
 * several continuations from one prefix.
 */
public final class ModelStepper {
    private final int batch;
    private final List<Step> steps = new ArrayList<>();
    private final List<CellStepper> cells = new ArrayList<>();
    /** The output of each step, the next one's input. */
    private final double[][] values;
    private final int inputSize;

    /** One layer's step: reads {@code in}, writes {@code out}. */
    private interface Step {
        void run(double[] in, double[] out);

        int outputSize();
    }

    private ModelStepper(int batch, int inputSize, List<Step> steps, List<CellStepper> cells) {
        this.batch = batch;
        this.inputSize = inputSize;
        this.steps.addAll(steps);
        this.cells.addAll(cells);
        values = new double[steps.size() + 1][];
        values[0] = new double[batch * inputSize];
        for (int i = 0; i < steps.size(); i++) {
            values[i + 1] = new double[batch * steps.get(i).outputSize()];
        }
    }

    /**
     * A model's layers stepped.
     *
     * @param body the model's layers in order: recurrent layers of one direction, dropout
     *     (skipped), any other layer applied to one step
     * @param head the output layer
     * @throws IllegalArgumentException for a bidirectional layer, which reads whole sequences
     */
    public static ModelStepper of(List<SequenceLayer> body, SequenceLayer head, int batch) {
        List<Step> steps = new ArrayList<>();
        List<CellStepper> cells = new ArrayList<>();
        for (SequenceLayer layer : body) {
            if (layer instanceof Recurrent r) {
                if (r.directions().size() != 1) {
                    throw new IllegalArgumentException("a bidirectional layer reads whole sequences, "
                            + "so the model cannot run a step at a time");
                }
                CellStepper c = r.directions().get(0).stepper(batch);
                cells.add(c);
                steps.add(new CellStep(c));
            } else if (!(layer instanceof Dropout)) {
                steps.add(step(layer, batch));
            }
        }
        steps.add(step(head, batch));
        return new ModelStepper(batch, body.isEmpty() ? head.inputSize() : body.get(0).inputSize(), steps, cells);
    }

    /**
     * Recurrent layers already stepping, one after the other, under a linear head (logits = W·h + b).
     *
     * @param weight the head's weights {@code [out, in]}
     * @param bias the head's bias {@code [out]}
     */
    public static ModelStepper of(List<CellStepper> layers, Tensor weight, Tensor bias) {
        int batch = layers.get(0).batch();
        List<Step> steps = new ArrayList<>();
        layers.forEach(c -> steps.add(new CellStep(c)));
        steps.add(new DenseStep(weight, bias, Activation.IDENTITY, batch, Blas.get()));
        return new ModelStepper(batch, layers.get(0).inputSize(), steps, layers);
    }

    private static Step step(SequenceLayer layer, int batch) {
        if (layer instanceof Dense d) {
            return new DenseStep(d.parameters().get("weight"), d.parameters().get("bias"), d.activation(), batch,
                    Blas.get());
        }
        return new LayerStep(layer, batch);
    }

    /** The sequences stepped together. */
    public int batch() {
        return batch;
    }

    /** Values per step of the model's input. */
    public int inputSize() {
        return inputSize;
    }

    /** Values per step of the head's output. */
    public int outputSize() {
        return steps.get(steps.size() - 1).outputSize();
    }

    /**
     * One step of input {@code x}, {@code [batch × inputSize]} row-major; returns the head's
     * output {@code [batch × outputSize]}, an array the next step overwrites.
     */
    public double[] step(double[] x) {
        System.arraycopy(x, 0, values[0], 0, batch * inputSize);
        return runFrom(0);
    }

    /**
     * One step in which sequence b reads the one-hot token {@code tokens[b]}; returns the head's
     * output as {@link #step} does.
     */
    public double[] stepTokens(int[] tokens) {
        if (tokens.length != batch) {
            throw new IllegalArgumentException(tokens.length + " tokens for " + batch + " sequences");
        }
        if (!cells.isEmpty() && steps.get(0) instanceof CellStep first) {
            first.cell.stepOneHot(tokens, values[1]);
            return runFrom(1);
        }
        Arrays.fill(values[0], 0);
        for (int b = 0; b < batch; b++) {
            values[0][b * inputSize + tokens[b]] = 1;
        }
        return runFrom(0);
    }

    private double[] runFrom(int first) {
        for (int i = first; i < steps.size(); i++) {
            steps.get(i).run(values[i], values[i + 1]);
        }
        return values[steps.size()];
    }

    /**
     * The recurrent layers' states now, as {@link io.rnnc.runtime.layer.Recurrent} takes them:
     * per layer, by name, {@code [1][batch][size]}.
     */
    public List<Map<String, double[][][]>> states() {
        List<Map<String, double[][][]>> out = new ArrayList<>();
        for (CellStepper c : cells) {
            Map<String, double[][][]> layer = new LinkedHashMap<>();
            c.states().forEach((name, v) -> layer.put(name, new double[][][] {v}));
            out.add(layer);
        }
        return out;
    }

    /** Sets the states, given as {@link #states()} returns them; missing layers or states are zeros. */
    public void setStates(List<Map<String, double[][][]>> states) {
        for (int k = 0; k < cells.size(); k++) {
            Map<String, double[][]> layer = new LinkedHashMap<>();
            if (k < states.size()) {
                states.get(k).forEach((name, v) -> layer.put(name, v[0]));
            }
            cells.get(k).setStates(layer);
        }
    }

    /** A place to keep the states in. */
    public State newState() {
        return new State(cells.stream().map(CellStepper::newSnapshot).toArray());
    }

    /** Copies the states into {@code s}. */
    public void save(State s) {
        for (int k = 0; k < cells.size(); k++) {
            cells.get(k).save(s.parts[k]);
        }
    }

    /** Sets the states to those saved in {@code s}. */
    public void restore(State s) {
        for (int k = 0; k < cells.size(); k++) {
            cells.get(k).restore(s.parts[k]);
        }
    }

    /** Saved states of a {@link ModelStepper}, for the stepper that made it. */
    public static final class State {
        private final Object[] parts;

        private State(Object[] parts) {
            this.parts = parts;
        }
    }

    private record CellStep(CellStepper cell) implements Step {
        @Override
        public void run(double[] in, double[] out) {
            cell.step(in, out);
        }

        @Override
        public int outputSize() {
            return cell.outputSize();
        }
    }

    /** y = act(W·x + b) through the BLAS, the weights packed once. */
    private static final class DenseStep implements Step {
        private final Activation act;
        private final Blas blas;
        private final Blas.Resident weight;
        private final double[] bias;
        private final int batch;
        private final int in;
        private final int out;

        DenseStep(Tensor weight, Tensor bias, Activation act, int batch, Blas blas) {
            this.act = act;
            this.blas = blas;
            this.batch = batch;
            this.out = weight.dim(0);
            this.in = weight.dim(1);
            this.weight = blas.resident(weight.data().clone(), out, in);
            this.bias = bias.data().clone();
        }

        @Override
        public void run(double[] x, double[] y) {
            if (batch == 1) {
                blas.dgemv(false, weight, x, 0, 0, y, 0);
            } else {
                blas.dgemm(false, true, batch, out, in, 1, x, 0, in, weight, 0, 0, y, 0, out);
            }
            for (int b = 0; b < batch; b++) {
                for (int i = 0; i < out; i++) {
                    y[b * out + i] = act.apply(y[b * out + i] + bias[i]);
                }
            }
        }

        @Override
        public int outputSize() {
            return out;
        }
    }

    /** Any other layer, through its sequence API over one step. */
    private static final class LayerStep implements Step {
        private final SequenceLayer layer;
        private final double[][][] x;
        private final int[] lengths;

        LayerStep(SequenceLayer layer, int batch) {
            this.layer = layer;
            this.x = new double[1][batch][layer.inputSize()];
            this.lengths = new int[batch];
            Arrays.fill(lengths, 1);
        }

        @Override
        public void run(double[] in, double[] out) {
            int w = layer.inputSize();
            for (int b = 0; b < x[0].length; b++) {
                System.arraycopy(in, b * w, x[0][b], 0, w);
            }
            double[][][] y = layer.forward(x, lengths, false).y();
            int v = layer.outputSize();
            for (int b = 0; b < x[0].length; b++) {
                System.arraycopy(y[0][b], 0, out, b * v, v);
            }
        }

        @Override
        public int outputSize() {
            return layer.outputSize();
        }
    }
}
