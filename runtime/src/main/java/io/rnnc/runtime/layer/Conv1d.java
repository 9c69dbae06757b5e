package io.rnnc.runtime.layer;

import io.rnnc.runtime.kernels.WorkerPool;
import io.rnnc.runtime.tensor.Tensor;
import java.util.Map;
import java.util.Random;

/**
 * A 1-D convolution over time, placed before a recurrent layer in a CNN/RNN model:
 * y_t[o] = act(b[o] + Σ_{c,j} W[o, c, j]·x[t − p + j][c]), with W {@code [out, in, kernel]} and
 * b {@code [out]}. The output has as many steps as the input. Causal: p = kernel − 1, so y_t sees
 * x_{t−kernel+1..t}. Same: p = (kernel − 1)/2 on both sides (odd kernel). Steps before the start
 * or past a sequence's length are read as zero, so each sample is convolved exactly as it would be
 * alone, without padding.
 */
public final class Conv1d implements SequenceLayer {
    private final int in;
    private final int out;
    private final int kernel;
    private final boolean causal;
    private final Activation act;
    private final int padBefore;
    private final Tensor weight;
    private final Tensor bias;
    private final AffineRows affine;

    /**
     * @param in input channels (features per step)
     * @param out output channels
     * @param kernel the number of steps a window covers
     * @param causal whether outputs see only the current and earlier steps; otherwise the window is
     *     centred and {@code kernel} must be odd
     * @param act the activation applied to each output
     * @param rng draws W and b uniformly in ±1/√(in·kernel), PyTorch's default for Conv1d
     * @throws IllegalArgumentException if a size is not positive, a centred kernel is even, or an
     *     argument is null
     */
    public Conv1d(int in, int out, int kernel, boolean causal, Activation act, Random rng) {
        this(in, out, kernel, causal, act, rng, WorkerPool.ofAvailableProcessors());
    }

    /** The same, its products running on {@code pool}'s threads. */
    public Conv1d(int in, int out, int kernel, boolean causal, Activation act, Random rng, WorkerPool pool) {
        SequenceChecks.checkSize("input channels of a convolution", in);
        SequenceChecks.checkSize("output channels of a convolution", out);
        SequenceChecks.checkSize("kernel of a convolution", kernel);
        if (!causal && kernel % 2 == 0) {
            throw new IllegalArgumentException("a centred (non-causal) convolution needs an odd kernel but got "
                    + kernel);
        }
        if (act == null || rng == null) {
            throw new IllegalArgumentException("a convolution needs an activation and a random generator");
        }
        this.in = in;
        this.out = out;
        this.kernel = kernel;
        this.causal = causal;
        this.act = act;
        this.padBefore = causal ? kernel - 1 : (kernel - 1) / 2;
        this.weight = Parameters.uniform(rng, in * kernel, out, in, kernel);
        this.bias = Parameters.uniform(rng, in * kernel, out);
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

    /** Steps each output reads. */
    public int kernel() {
        return kernel;
    }

    /** Whether each output reads only its own step and those before it (else a window centred on it). */
    public boolean causal() {
        return causal;
    }

    /** The activation applied to each output. */
    public Activation activation() {
        return act;
    }

    /** {@code weight} [out, in, kernel] and {@code bias} [out]. */
    @Override
    public Map<String, Tensor> parameters() {
        return Map.of("weight", weight, "bias", bias);
    }

    /** What a pass keeps: the layer, its windows, and the packed windows and outputs. */
    private record Saved(Conv1d owner, TimeWindows windows, ValidRows rows, double[] packed, double[] y) {
    }

    @Override
    public Pass forward(double[][][] x, int[] lengths, boolean training) {
        SequenceChecks.check("input", x, lengths, in);
        ValidRows rows = ValidRows.of(x.length, lengths);
        TimeWindows windows = new TimeWindows(rows, in, kernel, padBefore);
        double[] packed = windows.gather(x);
        double[] y = affine.forward(packed, rows.count());
        return new Pass(rows.unpack(y, out), new Saved(this, windows, rows, packed, y));
    }

    @Override
    public double[][][] backward(Pass pass, double[][][] dy, Map<String, Tensor> grads) {
        if (pass == null || !(pass.saved() instanceof Saved) || ((Saved) pass.saved()).owner() != this) {
            throw new IllegalArgumentException("a convolution's backward needs a pass made by its own forward");
        }
        Saved s = (Saved) pass.saved();
        SequenceChecks.checkGradient(dy, s.rows(), out);
        double[] dWindows = affine.backward(s.packed(), s.y(), s.rows().pack(dy, out), s.rows().count(),
                Parameters.gradientFor(grads, "weight", weight), Parameters.gradientFor(grads, "bias", bias), true);
        return s.windows().scatter(dWindows);
    }
}
