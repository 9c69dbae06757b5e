package io.rnnc.runtime.layer;

import io.rnnc.runtime.kernels.WorkerPool;
import io.rnnc.runtime.tensor.Tensor;
import java.util.Map;
import java.util.Random;

/**
 * A fully connected layer applied at every step: y_t = act(W·x_t + b), with W {@code [out, in]}
 * and b {@code [out]}. All valid steps of the batch go through one matrix product, which makes
 * it suitable as the output layer of a language model.
 */
public final class Dense implements SequenceLayer {
    private final int in;
    private final int out;
    private final Tensor weight;
    private final Tensor bias;
    private final AffineRows affine;

    /** A dense layer computing on as many threads as there are processors; see {@link #Dense(int, int, Activation, Random, WorkerPool)}. */
    public Dense(int in, int out, Activation act, Random rng) {
        this(in, out, act, rng, WorkerPool.ofAvailableProcessors());
    }

    /**
     * @param in input features per step
     * @param out output features per step
     * @param act the activation applied to W·x_t + b
     * @param rng draws W and b uniformly in ±1/√in, PyTorch's default for Linear
     * @param pool the threads its products run on
     * @throws IllegalArgumentException if a size is not positive or an argument is null
     */
    public Dense(int in, int out, Activation act, Random rng, WorkerPool pool) {
        SequenceChecks.checkSize("input size of a dense layer", in);
        SequenceChecks.checkSize("output size of a dense layer", out);
        if (act == null || rng == null) {
            throw new IllegalArgumentException("a dense layer needs an activation and a random generator");
        }
        this.in = in;
        this.out = out;
        this.weight = Parameters.uniform(rng, in, out, in);
        this.bias = Parameters.uniform(rng, in, out);
        this.affine = new AffineRows(weight, bias, act, pool);
    }

    @Override
    public int inputSize() {
        return in;
    }

    @Override
    public int outputSize() {
        return out;
    }

    /** {@code weight} [out, in] and {@code bias} [out]. */
    @Override
    public Map<String, Tensor> parameters() {
        return Map.of("weight", weight, "bias", bias);
    }

    /** What a pass keeps: the layer, the valid positions and the packed inputs and outputs there. */
    private record Saved(Dense owner, ValidRows rows, double[] x, double[] y) {
    }

    @Override
    public Pass forward(double[][][] x, int[] lengths, boolean training) {
        SequenceChecks.check("input", x, lengths, in);
        ValidRows rows = ValidRows.of(x.length, lengths);
        double[] packed = rows.pack(x, in);
        double[] y = affine.forward(packed, rows.count());
        return new Pass(rows.unpack(y, out), new Saved(this, rows, packed, y));
    }

    @Override
    public double[][][] backward(Pass pass, double[][][] dy, Map<String, Tensor> grads) {
        if (pass == null || !(pass.saved() instanceof Saved) || ((Saved) pass.saved()).owner() != this) {
            throw new IllegalArgumentException("a dense layer's backward needs a pass made by its own forward");
        }
        Saved s = (Saved) pass.saved();
        SequenceChecks.checkGradient(dy, s.rows(), out);
        double[] dx = affine.backward(s.x(), s.y(), s.rows().pack(dy, out), s.rows().count(),
                Parameters.gradientFor(grads, "weight", weight), Parameters.gradientFor(grads, "bias", bias), true);
        return s.rows().unpack(dx, in);
    }
}
