package io.rnnc.runtime.layer;

import io.rnnc.runtime.blas.Blas;
import io.rnnc.runtime.blas.GemmParts;
import io.rnnc.runtime.kernels.Fn;
import io.rnnc.runtime.kernels.WorkerPool;
import io.rnnc.runtime.tensor.Tensor;
import java.util.Map;
import java.util.Random;

/**
 * A dense layer with softmax and cross-entropy over every step: logits = W·y_t + b, loss the
 * mean over steps and batch of −log softmax(logits)[target]. It turns a recurrent layer's
 * outputs into a language model's or a tagger's predictions, and gives the gradient the
 * recurrent layer backpropagates. Products go through the BLAS in float32.
 */
public final class SoftmaxHead {
    /** Rows of T·B positions per slice of the first phase: a slice is two products of this many rows and its own part of the loss. */
    static final int SLICE_ROWS = 256;

    private final Tensor weight;
    private final Tensor bias;
    private final int classes;
    private final int width;
    private final WorkerPool pool;
    /** The inputs, logits (then their gradients) and input gradients of every position, kept from call to call. */
    private float[] inputs = new float[0];
    private float[] logits = new float[0];
    private float[] inputGrads = new float[0];
    private float[] weightGrad;

    /** A head computing on as many threads as there are processors; see {@link #SoftmaxHead(int, int, Random, WorkerPool)}. */
    public SoftmaxHead(int classes, int width, Random rng) {
        this(classes, width, rng, WorkerPool.ofAvailableProcessors());
    }

    /**
     * @param classes number of classes V
     * @param width size of the recurrent layer's output H
     * @param rng draws W uniformly in ±1/√H, as PyTorch's Linear does; b starts at zero
     * @param pool the threads it computes on
     */
    public SoftmaxHead(int classes, int width, Random rng, WorkerPool pool) {
        this.classes = classes;
        this.width = width;
        this.pool = pool;
        this.weight = Tensor.zeros(classes, width);
        this.bias = Tensor.zeros(classes);
        this.weightGrad = new float[classes * width];
        double bound = 1 / Math.sqrt(width);
        double[] w = weight.data();
        for (int i = 0; i < w.length; i++) {
            w[i] = (rng.nextDouble() * 2 - 1) * bound;
        }
    }

    /** The parameters, by name: {@code weight} [V, H] and {@code bias} [V]. */
    public Map<String, Tensor> parameters() {
        return Map.of("weight", weight, "bias", bias);
    }

    /**
     * The result of one pass.
     *
     * @param loss mean cross-entropy over the counted positions
     * @param dy the gradient of the loss w.r.t. the recurrent outputs, {@code [T][B][H]}
     * @param grads the gradients of {@link #parameters()}
     */
    public record Result(double loss, double[][][] dy, Map<String, Tensor> grads) {
    }

    /**
     * Loss and gradients for outputs {@code y} {@code [T][B][H]} and class {@code targets}
     * {@code [T][B]}; positions past a sequence's length (or with target −1) do not count.
     * The work is cut the same way whatever the thread count (slices of {@link #SLICE_ROWS}
     * positions, then the weight gradient by {@link GemmParts}), and every sum runs in one
     * fixed order, so the result does not depend on the threads.
     */
    public Result lossAndGradients(double[][][] y, int[][] targets, int[] lengths) {
        return lossAndGradients(y, targets, lengths, new double[y.length][lengths.length][width]);
    }

    /**
     * The same, writing the gradient w.r.t. the outputs into {@code dy} {@code [T][B][H]}
     * (every element is written), which the result then holds: a caller repeating steps of one
     * shape reuses one array instead of allocating T·B rows a step.
     */
    public Result lossAndGradients(double[][][] y, int[][] targets, int[] lengths, double[][][] dy) {
        int steps = y.length;
        int batch = lengths.length;
        int rows = steps * batch;
        int counted = 0;
        for (int t = 0; t < steps; t++) {
            for (int b = 0; b < batch; b++) {
                if (counts(t, b, targets, lengths)) {
                    counted++;
                }
            }
        }
        inputs = atLeast(inputs, rows * width);
        logits = atLeast(logits, rows * classes);
        inputGrads = atLeast(inputGrads, rows * width);
        Pass pass = new Pass(y, targets, lengths, counted == 0 ? 0 : 1f / counted, toFloats(weight.data()), dy);
        int slices = (rows + SLICE_ROWS - 1) / SLICE_ROWS;
        double[] sliceLoss = new double[slices];
        pool.forEach(slices, s -> sliceLoss[s] = pass.slice(s * SLICE_ROWS, Math.min(rows, (s + 1) * SLICE_ROWS)));
        double loss = 0;
        for (double l : sliceLoss) {
            loss += l;
        }
        double[] db = new double[classes];
        GemmParts parts = GemmParts.of(classes, width, rows);
        pool.forEach(parts.count(), i -> pass.weightGradient(rows, parts, i, db));
        double[] dw = new double[classes * width];
        for (int i = 0; i < dw.length; i++) {
            dw[i] = weightGrad[i];
        }
        Tensor gw = new Tensor(new int[] {classes, width}, dw);
        Tensor gb = new Tensor(new int[] {classes}, db);
        return new Result(counted == 0 ? 0 : loss / counted, pass.dy, Map.of("weight", gw, "bias", gb));
    }

    private static boolean counts(int t, int b, int[][] targets, int[] lengths) {
        return t < lengths[b] && targets[t][b] >= 0;
    }

    /** One call's inputs. */
    private final class Pass {
        final double[][][] y;
        final int[][] targets;
        final int[] lengths;
        final float scale;
        final float[] w;
        final float[] b;
        final double[][][] dy;

        Pass(double[][][] y, int[][] targets, int[] lengths, float scale, float[] w, double[][][] dy) {
            this.y = y;
            this.targets = targets;
            this.lengths = lengths;
            this.scale = scale;
            this.w = w;
            this.b = toFloats(bias.data());
            this.dy = dy;
        }

        /**
         * Rows [from, to) of the T·B positions: their logits, replaced by the loss's gradient
         * w.r.t. them, and the input gradients; returns their loss.
         */
        double slice(int from, int to) {
            int n = to - from;
            int batch = lengths.length;
            for (int r = from; r < to; r++) {
                toFloats(y[r / batch][r % batch], inputs, r * width);
            }
            Blas blas = Blas.get();
            blas.sgemm(false, true, n, classes, width, 1f, inputs, from * width, width, w, 0, width, 0f, logits,
                    from * classes, classes);
            double loss = 0;
            for (int r = from; r < to; r++) {
                int t = r / batch;
                int b = r % batch;
                int off = r * classes;
                if (counts(t, b, targets, lengths)) {
                    loss += softmaxGradient(logits, off, targets[t][b]);
                } else {
                    java.util.Arrays.fill(logits, off, off + classes, 0f);
                }
            }
            blas.sgemm(false, false, n, width, classes, 1f, logits, from * classes, classes, w, 0, width, 0f,
                    inputGrads, from * width, width);
            for (int r = from; r < to; r++) {
                toDoubles(inputGrads, r * width, dy[r / batch][r % batch]);
            }
            return loss;
        }

        /**
         * Part i of the weight gradient Gᵀ·X over all {@code rows} positions, one product with
         * every position in it, and the bias gradient of the classes in that part (or, for a
         * part of columns, of its share of the classes), each summed over the positions in order.
         */
        void weightGradient(int rows, GemmParts parts, int i, double[] db) {
            int from = parts.from(i);
            int to = parts.to(i);
            Blas blas = Blas.get();
            if (parts.byRows()) {
                blas.sgemm(true, false, to - from, width, rows, 1f, logits, from, classes, inputs, 0, width, 0f,
                        weightGrad, from * width, width);
            } else {
                blas.sgemm(true, false, classes, to - from, rows, 1f, logits, 0, classes, inputs, from, width, 0f,
                        weightGrad, from, width);
            }
            int k0 = parts.byRows() ? from : (int) ((long) i * classes / parts.count());
            int k1 = parts.byRows() ? to : (int) ((long) (i + 1) * classes / parts.count());
            for (int r = 0; r < rows; r++) {
                for (int k = k0; k < k1; k++) {
                    db[k] += logits[r * classes + k];
                }
            }
        }

        /**
         * Replaces one position's logits (bias added here) by d loss / d logits = (softmax −
         * one-hot) · scale, and returns the position's loss.
         */
        private double softmaxGradient(float[] logits, int off, int target) {
            float max = Float.NEGATIVE_INFINITY;
            for (int k = 0; k < classes; k++) {
                float v = logits[off + k] + b[k];
                logits[off + k] = v;
                if (v > max) {
                    max = v;
                }
            }
            double targetLogit = logits[off + target];
            // One exp per class (in float32, several times faster than Math.exp), kept in place of the logit it came from.
            double sum = 0;
            for (int k = 0; k < classes; k++) {
                float e = Fn.exp(logits[off + k] - max);
                logits[off + k] = e;
                sum += e;
            }
            float perSum = (float) (scale / sum);
            for (int k = 0; k < classes; k++) {
                logits[off + k] *= perSum;
            }
            logits[off + target] -= scale;
            return Math.log(sum) + max - targetLogit;
        }
    }

    /** {@code a} when it holds at least {@code n} floats, else a new array that does (contents undefined). */
    private static float[] atLeast(float[] a, int n) {
        return a != null && a.length >= n ? a : new float[n];
    }

    /** Row {@code from} converted into {@code to} from {@code at}. */
    private static void toFloats(double[] from, float[] to, int at) {
        for (int i = 0; i < from.length; i++) {
            to[at + i] = (float) from[i];
        }
    }

    /** {@code from}'s floats from {@code at}, as many as {@code to} holds, converted into {@code to}. */
    private static void toDoubles(float[] from, int at, double[] to) {
        for (int i = 0; i < to.length; i++) {
            to[i] = from[at + i];
        }
    }

    private static float[] toFloats(double[] a) {
        float[] out = new float[a.length];
        toFloats(a, out, 0);
        return out;
    }
}
