package io.rnnc.runtime.layer;

import io.rnnc.runtime.kernels.WorkerPool;
import io.rnnc.runtime.tensor.Tensor;
import java.util.Map;

/**
 * Pooling of each channel of each frame over square windows: the maximum or the mean of a
 * {@code kernel × kernel} window, windows {@code stride} pixels apart, without padding; the
 * output has ⌊(size − kernel)/stride⌋ + 1 pixels a side, as PyTorch's MaxPool2d and AvgPool2d.
 */
public final class Pool2d implements FrameLayer {
    /** What a window is reduced to. */
    public enum Kind {
        /** Its maximum; the gradient goes to the first maximal pixel, in reading order. */
        MAX,
        /** Its mean. */
        AVERAGE
    }

    private final FrameShape in;
    private final FrameShape out;
    private final Kind kind;
    private final int kernel;
    private final int stride;
    private final int area;
    /** For output pixel p, the input pixels of its window at {@code [p·area, (p + 1)·area)}. */
    private final int[] window;
    private final WorkerPool workers;

    /** Pooling computing on as many threads as there are processors; see the constructor with a pool. */
    public Pool2d(FrameShape in, Kind kind, int kernel, int stride) {
        this(in, kind, kernel, stride, WorkerPool.ofAvailableProcessors());
    }

    /**
     * @param in the shape of each input frame
     * @param kind max or average
     * @param kernel the side of a window
     * @param stride the step between windows; PyTorch's default is the kernel
     * @param workers the threads it computes on; the results do not depend on their number
     * @throws IllegalArgumentException if the kernel or stride is not positive, the kernel does not
     *     fit the frame, or an argument is null
     */
    public Pool2d(FrameShape in, Kind kind, int kernel, int stride, WorkerPool workers) {
        if (in == null || kind == null || workers == null) {
            throw new IllegalArgumentException("pooling needs an input shape, a kind and a worker pool");
        }
        this.workers = workers;
        SequenceChecks.checkSize("kernel of a pooling layer", kernel);
        SequenceChecks.checkSize("stride of a pooling layer", stride);
        this.in = in;
        this.kind = kind;
        this.kernel = kernel;
        this.stride = stride;
        this.area = kernel * kernel;
        int outHeight = FramePatches.outputSize(in.height(), kernel, stride, 0);
        int outWidth = FramePatches.outputSize(in.width(), kernel, stride, 0);
        this.out = new FrameShape(outHeight, outWidth, in.channels());
        this.window = new int[outHeight * outWidth * area];
        int k = 0;
        for (int i = 0; i < outHeight; i++) {
            for (int j = 0; j < outWidth; j++) {
                for (int u = 0; u < kernel; u++) {
                    for (int v = 0; v < kernel; v++) {
                        window[k++] = (i * stride + u) * in.width() + j * stride + v;
                    }
                }
            }
        }
    }

    /** Max or average. */
    public Kind poolKind() {
        return kind;
    }

    /** The side of a window. */
    public int kernel() {
        return kernel;
    }

    /** The step between windows. */
    public int stride() {
        return stride;
    }

    @Override
    public FrameShape inputShape() {
        return in;
    }

    @Override
    public FrameShape outputShape() {
        return out;
    }

    /** {@code maxpool} or {@code avgpool}. */
    @Override
    public String kind() {
        return kind == Kind.MAX ? "maxpool" : "avgpool";
    }

    /** None. */
    @Override
    public Map<String, Tensor> parameters() {
        return Map.of();
    }

    @Override
    public Pass forward(double[] frames, int count, boolean training) {
        FrameChecks.checkFrames("input", frames, count, in);
        double[] y = new double[count * out.size()];
        // For max pooling, the index in frames of each output's maximum: where its gradient goes.
        int[] argmax = kind == Kind.MAX ? new int[y.length] : null;
        FrameParts.run(workers, count, (long) out.size() * area, (from, to) -> pool(frames, y, argmax, from, to));
        return new Pass(this, y, count, argmax);
    }

    /** Pools frames {@code [from, to)}. */
    private void pool(double[] frames, double[] y, int[] argmax, int from, int to) {
        int channels = in.channels();
        int pixels = out.pixels();
        for (int n = from; n < to; n++) {
            int frame = n * in.size();
            for (int p = 0; p < pixels; p++) {
                int o = (n * pixels + p) * channels;
                if (argmax != null) {
                    maxOfWindow(frames, frame, p, argmax, o);
                    for (int c = 0; c < channels; c++) {
                        y[o + c] = frames[argmax[o + c]];
                    }
                } else {
                    meanOfWindow(frames, frame, p, y, o);
                }
            }
        }
    }

    /** Writes the index of the first maximum of each channel of output pixel p's window to {@code argmax[o..]}. */
    private void maxOfWindow(double[] frames, int frame, int p, int[] argmax, int o) {
        int channels = in.channels();
        int first = frame + window[p * area] * channels;
        for (int c = 0; c < channels; c++) {
            argmax[o + c] = first + c;
        }
        for (int k = 1; k < area; k++) {
            int at = frame + window[p * area + k] * channels;
            for (int c = 0; c < channels; c++) {
                if (frames[at + c] > frames[argmax[o + c]]) {
                    argmax[o + c] = at + c;
                }
            }
        }
    }

    /** Writes the mean of each channel of output pixel p's window to {@code y[o..]}. */
    private void meanOfWindow(double[] frames, int frame, int p, double[] y, int o) {
        int channels = in.channels();
        for (int k = 0; k < area; k++) {
            int at = frame + window[p * area + k] * channels;
            for (int c = 0; c < channels; c++) {
                y[o + c] += frames[at + c];
            }
        }
        for (int c = 0; c < channels; c++) {
            y[o + c] /= area;
        }
    }

    @Override
    public double[] backward(Pass pass, double[] dy, Map<String, Tensor> grads, boolean inputGradient) {
        int[] argmax = (int[]) FrameChecks.saved(this, pass, dy, "a pooling layer");
        if (!inputGradient) {
            return null;
        }
        int count = pass.count();
        double[] dx = new double[count * in.size()];
        FrameParts.run(workers, count, (long) out.size() * area, (from, to) -> unpool(dy, argmax, dx, from, to));
        return dx;
    }

    /** The gradient w.r.t. frames {@code [from, to)}; windows overlap when the stride is below the kernel, so it adds up. */
    private void unpool(double[] dy, int[] argmax, double[] dx, int from, int to) {
        int channels = in.channels();
        int pixels = out.pixels();
        if (argmax != null) {
            for (int o = from * out.size(); o < to * out.size(); o++) {
                dx[argmax[o]] += dy[o];
            }
            return;
        }
        for (int n = from; n < to; n++) {
            int frame = n * in.size();
            for (int p = 0; p < pixels; p++) {
                int o = (n * pixels + p) * channels;
                for (int k = 0; k < area; k++) {
                    int at = frame + window[p * area + k] * channels;
                    for (int c = 0; c < channels; c++) {
                        dx[at + c] += dy[o + c] / area;
                    }
                }
            }
        }
    }
}
