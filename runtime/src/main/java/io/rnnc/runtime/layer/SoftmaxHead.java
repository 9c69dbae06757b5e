package io.rnnc.runtime.layer;

import io.rnnc.runtime.blas.Blas;
import io.rnnc.runtime.kernels.Fn;
import io.rnnc.runtime.kernels.ParallelRows;
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
    private final Tensor weight;
    private final Tensor bias;
    private final int classes;
    private final int width;
    private final ParallelRows parallel = new ParallelRows();
    /** Each half's inputs, logits, input gradients and weight gradient, kept from call to call. */
    private final float[][] inputs = new float[2][];
    private final float[][] logits = new float[2][];
    private final float[][] inputGrads = new float[2][];
    private final float[][] weightGrads = new float[2][];

    /**
     * @param classes number of classes V
     * @param width size of the recurrent layer's output H
     * @param rng draws W uniformly in ±1/√H, as PyTorch's Linear does; b starts at zero
     */
    public SoftmaxHead(int classes, int width, Random rng) {
        this.classes = classes;
        this.width = width;
        this.weight = Tensor.zeros(classes, width);
        this.bias = Tensor.zeros(classes);
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
     * The rows are split in two fixed halves, one per core, each with its own partial sums, so
     * the result does not depend on whether the second core was free.
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
        Pass pass = new Pass(y, targets, lengths, counted == 0 ? 0 : 1f / counted, toFloats(weight.data()), dy);
        int mid = rows / 2;
        parallel.inHalves(h -> pass.rows(h, h == 0 ? 0 : mid, h == 0 ? mid : rows));
        double loss = pass.loss[0] + pass.loss[1];
        double[] db = new double[classes];
        double[] dw = new double[classes * width];
        for (int h = 0; h < 2; h++) {
            for (int k = 0; k < classes; k++) {
                db[k] += pass.db[h][k];
            }
            for (int i = 0; i < dw.length; i++) {
                dw[i] += pass.dw[h][i];
            }
        }
        Tensor gw = new Tensor(new int[] {classes, width}, dw);
        Tensor gb = new Tensor(new int[] {classes}, db);
        return new Result(counted == 0 ? 0 : loss / counted, pass.dy, Map.of("weight", gw, "bias", gb));
    }

    private static boolean counts(int t, int b, int[][] targets, int[] lengths) {
        return t < lengths[b] && targets[t][b] >= 0;
    }

    /** One call's inputs and each half's partial results. */
    private final class Pass {
        final double[][][] y;
        final int[][] targets;
        final int[] lengths;
        final float scale;
        final float[] w;
        final float[] b;
        final double[][][] dy;
        final double[] loss = new double[2];
        final double[][] db = new double[2][];
        final float[][] dw = new float[2][];

        Pass(double[][][] y, int[][] targets, int[] lengths, float scale, float[] w, double[][][] dy) {
            this.y = y;
            this.targets = targets;
            this.lengths = lengths;
            this.scale = scale;
            this.w = w;
            this.b = toFloats(bias.data());
            this.dy = dy;
        }

        /** Half h of the work: rows [from, to) of the T·B positions. */
        void rows(int h, int from, int to) {
            int n = to - from;
            int batch = lengths.length;
            float[] x = inputs[h] = atLeast(inputs[h], n * width);
            for (int r = from; r < to; r++) {
                toFloats(y[r / batch][r % batch], x, (r - from) * width);
            }
            float[] z = logits[h] = atLeast(logits[h], n * classes);
            Blas blas = Blas.get();
            blas.sgemm(false, true, n, classes, width, 1f, x, 0, width, w, 0, width, 0f, z, 0, classes);
            db[h] = new double[classes];
            for (int r = from; r < to; r++) {
                int t = r / batch;
                int b = r % batch;
                int off = (r - from) * classes;
                if (counts(t, b, targets, lengths)) {
                    loss[h] += softmaxGradient(z, off, targets[t][b], db[h]);
                } else {
                    java.util.Arrays.fill(z, off, off + classes, 0f);
                }
            }
            float[] dx = inputGrads[h] = atLeast(inputGrads[h], n * width);
            blas.sgemm(false, false, n, width, classes, 1f, z, 0, classes, w, 0, width, 0f, dx, 0, width);
            dw[h] = weightGrads[h] = atLeast(weightGrads[h], classes * width);
            blas.sgemm(true, false, classes, width, n, 1f, z, 0, classes, x, 0, width, 0f, dw[h], 0, width);
            for (int r = from; r < to; r++) {
                toDoubles(dx, (r - from) * width, dy[r / batch][r % batch]);
            }
        }

        /**
         * Replaces one position's logits (bias added here) by d loss / d logits = (softmax −
         * one-hot) · scale, adds them to {@code db}, and returns the position's loss.
         */
        private double softmaxGradient(float[] logits, int off, int target, double[] db) {
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
                float g = logits[off + k] * perSum;
                logits[off + k] = g;
                db[k] += g;
            }
            logits[off + target] -= scale;
            db[target] -= scale;
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
