package io.rnnc.runtime.layer;

import io.rnnc.runtime.kernels.WorkerPool;
import io.rnnc.runtime.tensor.Tensor;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * A 2-D convolution of each frame: y[i, j, o] = act(b[o] + Σ_{c,u,v} W[o, c, u, v]·x[i·s − p + u,
 * j·s − p + v, c]) with stride s and p pixels of zero padding on each side, W
 * {@code [out, channels, kernelHeight, kernelWidth]} (PyTorch's layout) and b {@code [out]}. The
 * patches of all the frames of a pass are one matrix, so the whole batch is one matrix product
 * through the BLAS, as is each gradient.
 */
public final class Conv2d implements FrameLayer {
    private final FrameShape in;
    private final FrameShape out;
    private final FramePatches patches;
    private final Tensor weight;
    private final Tensor bias;
    private final AffineRows affine;
    private final Map<String, Tensor> parameters;

    /** A convolution computing on as many threads as there are processors; see the constructor with a pool. */
    public Conv2d(FrameShape in, int outChannels, int kernelHeight, int kernelWidth, int stride, int padding,
                  Activation act, Random rng) {
        this(in, outChannels, kernelHeight, kernelWidth, stride, padding, act, rng, WorkerPool.ofAvailableProcessors());
    }

    /**
     * @param in the shape of each input frame
     * @param outChannels output channels (filters)
     * @param kernelHeight rows a filter covers
     * @param kernelWidth columns a filter covers
     * @param stride the step between windows, in both directions
     * @param padding pixels of zeros around each side of the frame
     * @param act the activation applied to each output
     * @param rng draws W and b uniformly in ±1/√(channels·kernelHeight·kernelWidth), PyTorch's
     *     default for Conv2d
     * @param pool the threads it computes on; the results do not depend on their number
     * @throws IllegalArgumentException if a size or the stride is not positive, the padding is
     *     negative or not smaller than the kernel, the kernel does not fit the padded frame, or an
     *     argument is null
     */
    public Conv2d(FrameShape in, int outChannels, int kernelHeight, int kernelWidth, int stride, int padding,
                  Activation act, Random rng, WorkerPool pool) {
        if (in == null || act == null || rng == null || pool == null) {
            throw new IllegalArgumentException("a 2-D convolution needs an input shape, an activation, a random "
                    + "generator and a worker pool");
        }
        SequenceChecks.checkSize("output channels of a 2-D convolution", outChannels);
        SequenceChecks.checkSize("kernel height of a 2-D convolution", kernelHeight);
        SequenceChecks.checkSize("kernel width of a 2-D convolution", kernelWidth);
        SequenceChecks.checkSize("stride of a 2-D convolution", stride);
        if (padding < 0 || padding >= Math.min(kernelHeight, kernelWidth)) {
            // More padding would add outputs that read nothing but zeros.
            throw new IllegalArgumentException("the padding of a 2-D convolution must be at least 0 and smaller than "
                    + "the kernel but is " + padding + " for a " + kernelHeight + "x" + kernelWidth + " kernel");
        }
        this.in = in;
        this.patches = new FramePatches(in, kernelHeight, kernelWidth, stride, padding, pool);
        this.out = new FrameShape(patches.outHeight(), patches.outWidth(), outChannels);
        int fanIn = patches.width();
        this.weight = Parameters.uniform(rng, fanIn, outChannels, in.channels(), kernelHeight, kernelWidth);
        this.bias = Parameters.uniform(rng, fanIn, outChannels);
        this.affine = new AffineRows(weight, bias, act, true, pool);
        Map<String, Tensor> named = new LinkedHashMap<>();
        named.put("weight", weight);
        named.put("bias", bias);
        this.parameters = Collections.unmodifiableMap(named);
    }

    @Override
    public FrameShape inputShape() {
        return in;
    }

    @Override
    public FrameShape outputShape() {
        return out;
    }

    /** {@code conv}. */
    @Override
    public String kind() {
        return "conv";
    }

    /** {@code weight} [out, channels, kernelHeight, kernelWidth] and {@code bias} [out]. */
    @Override
    public Map<String, Tensor> parameters() {
        return parameters;
    }

    /** What a pass keeps: the patch matrix and the outputs. */
    private record Saved(double[] patches, double[] y) {
    }

    @Override
    public Pass forward(double[] frames, int count, boolean training) {
        FrameChecks.checkFrames("input", frames, count, in);
        double[] p = patches.gather(frames, count);
        // Rows are (frame, output pixel) and columns output channels: the frames' layout, channels last.
        double[] y = affine.forward(p, count * patches.outputPixels());
        return new Pass(this, y, count, new Saved(p, y));
    }

    @Override
    public double[] backward(Pass pass, double[] dy, Map<String, Tensor> grads, boolean inputGradient) {
        Saved s = (Saved) FrameChecks.saved(this, pass, dy, "a 2-D convolution");
        double[] dPatches = affine.backward(s.patches(), s.y(), dy, pass.count() * patches.outputPixels(),
                Parameters.gradientFor(grads, "weight", weight), Parameters.gradientFor(grads, "bias", bias),
                inputGradient);
        return inputGradient ? patches.scatter(dPatches, pass.count()) : null;
    }
}
