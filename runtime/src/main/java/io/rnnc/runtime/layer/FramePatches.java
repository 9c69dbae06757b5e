package io.rnnc.runtime.layer;

import io.rnnc.runtime.kernels.WorkerPool;

/**
 * The patches a 2-D convolution reads, as the rows of one matrix (im2col): row
 * {@code (n·outHeight + i)·outWidth + j} holds the window of frame n under output pixel (i, j),
 * channel c and kernel offset (u, v) at column {@code (c·kernelHeight + u)·kernelWidth + v} (the
 * layout of a weight {@code [out][channels][kernelHeight][kernelWidth]}). Pixels outside the
 * frame (the zero padding) read as zero.
 */
final class FramePatches {
    private final FrameShape in;
    private final int kernelArea;
    private final int outHeight;
    private final int outWidth;
    /** For output pixel p and kernel offset k, the input pixel read at {@code [p·kernelArea + k]}, or −1 in the padding. */
    private final int[] source;
    private final WorkerPool pool;

    FramePatches(FrameShape in, int kernelHeight, int kernelWidth, int stride, int padding, WorkerPool pool) {
        this.in = in;
        this.pool = pool;
        this.kernelArea = kernelHeight * kernelWidth;
        this.outHeight = outputSize(in.height(), kernelHeight, stride, padding);
        this.outWidth = outputSize(in.width(), kernelWidth, stride, padding);
        this.source = new int[outHeight * outWidth * kernelArea];
        int k = 0;
        for (int i = 0; i < outHeight; i++) {
            for (int j = 0; j < outWidth; j++) {
                for (int u = 0; u < kernelHeight; u++) {
                    for (int v = 0; v < kernelWidth; v++) {
                        int row = i * stride - padding + u;
                        int col = j * stride - padding + v;
                        boolean inside = row >= 0 && row < in.height() && col >= 0 && col < in.width();
                        source[k++] = inside ? row * in.width() + col : -1;
                    }
                }
            }
        }
    }

    /** The output size along one axis: ⌊(size + 2·padding − kernel)/stride⌋ + 1, at least 1 or an error. */
    static int outputSize(int size, int kernel, int stride, int padding) {
        int span = size + 2 * padding - kernel;
        if (span < 0) {
            throw new IllegalArgumentException("a kernel of " + kernel + " does not fit in " + size + " pixels"
                    + (padding > 0 ? " padded by " + padding + " on each side" : ""));
        }
        return span / stride + 1;
    }

    /** The output pixels per frame. */
    int outputPixels() {
        return outHeight * outWidth;
    }

    int outHeight() {
        return outHeight;
    }

    int outWidth() {
        return outWidth;
    }

    /** The width of a patch, {@code channels·kernelHeight·kernelWidth}. */
    int width() {
        return in.channels() * kernelArea;
    }

    /** The patches of {@code count} frames as a {@code [count·outputPixels()][width()]} matrix. */
    double[] gather(double[] frames, int count) {
        long perFrame = (long) outputPixels() * width();
        double[] out = new double[(int) (count * perFrame)];
        FrameParts.run(pool, count, perFrame, (from, to) -> gather(frames, out, from, to));
        return out;
    }

    private void gather(double[] frames, double[] out, int from, int to) {
        int channels = in.channels();
        int width = width();
        int pixels = outputPixels();
        for (int n = from; n < to; n++) {
            int frame = n * in.size();
            for (int p = 0; p < pixels; p++) {
                // Written in order along the row; padding stays zero.
                int row = (n * pixels + p) * width;
                for (int c = 0; c < channels; c++) {
                    int column = row + c * kernelArea;
                    for (int k = 0; k < kernelArea; k++) {
                        int s = source[p * kernelArea + k];
                        if (s >= 0) {
                            out[column + k] = frames[frame + s * channels + c];
                        }
                    }
                }
            }
        }
    }

    /** The gradient w.r.t. the frames: each patch's gradient added back to the pixels it read (col2im). */
    double[] scatter(double[] dPatches, int count) {
        double[] dFrames = new double[count * in.size()];
        FrameParts.run(pool, count, (long) outputPixels() * width(), (from, to) -> scatter(dPatches, dFrames, from, to));
        return dFrames;
    }

    private void scatter(double[] dPatches, double[] dFrames, int from, int to) {
        int channels = in.channels();
        int width = width();
        int pixels = outputPixels();
        for (int n = from; n < to; n++) {
            int frame = n * in.size();
            for (int p = 0; p < pixels; p++) {
                int row = (n * pixels + p) * width;
                for (int c = 0; c < channels; c++) {
                    int column = row + c * kernelArea;
                    for (int k = 0; k < kernelArea; k++) {
                        int s = source[p * kernelArea + k];
                        if (s >= 0) {
                            dFrames[frame + s * channels + c] += dPatches[column + k];
                        }
                    }
                }
            }
        }
    }
}
