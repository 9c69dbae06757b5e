package io.rnnc.runtime.layer;

import io.rnnc.runtime.blas.Blas;
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
     */
    public Result lossAndGradients(double[][][] y, int[][] targets, int[] lengths) {
        int steps = y.length;
        int batch = lengths.length;
        int rows = steps * batch;
        float[] h = new float[rows * width];
        for (int t = 0; t < steps; t++) {
            for (int b = 0; b < batch; b++) {
                for (int i = 0; i < width; i++) {
                    h[(t * batch + b) * width + i] = (float) y[t][b][i];
                }
            }
        }
        float[] w = toFloats(weight.data());
        float[] logits = new float[rows * classes];
        Blas blas = Blas.get();
        blas.sgemm(false, true, rows, classes, width, 1f, h, 0, width, w, 0, width, 0f, logits, 0, classes);
        int counted = 0;
        for (int t = 0; t < steps; t++) {
            for (int b = 0; b < batch; b++) {
                if (t < lengths[b] && targets[t][b] >= 0) {
                    counted++;
                }
            }
        }
        double loss = 0;
        float scale = counted == 0 ? 0 : 1f / counted;
        double[] db = new double[classes];
        for (int r = 0; r < rows; r++) {
            int t = r / batch;
            int b = r % batch;
            int off = r * classes;
            boolean counts = t < lengths[b] && targets[t][b] >= 0;
            if (!counts) {
                java.util.Arrays.fill(logits, off, off + classes, 0f);
                continue;
            }
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < classes; k++) {
                logits[off + k] += (float) bias.data()[k];
                max = Math.max(max, logits[off + k]);
            }
            int target = targets[t][b];
            double targetLogit = logits[off + target];
            // One exp per class, kept in place of the logit it came from.
            double sum = 0;
            for (int k = 0; k < classes; k++) {
                double e = Math.exp(logits[off + k] - max);
                logits[off + k] = (float) e;
                sum += e;
            }
            loss += Math.log(sum) + max - targetLogit;
            // d loss / d logits = (softmax − one-hot) / counted, written over the logits.
            for (int k = 0; k < classes; k++) {
                float p = (float) (logits[off + k] / sum);
                logits[off + k] = (p - (k == target ? 1 : 0)) * scale;
                db[k] += logits[off + k];
            }
        }
        float[] dh = new float[rows * width];
        blas.sgemm(false, false, rows, width, classes, 1f, logits, 0, classes, w, 0, width, 0f, dh, 0, width);
        float[] dw = new float[classes * width];
        blas.sgemm(true, false, classes, width, rows, 1f, logits, 0, classes, h, 0, width, 0f, dw, 0, width);
        double[][][] dy = new double[steps][batch][width];
        for (int t = 0; t < steps; t++) {
            for (int b = 0; b < batch; b++) {
                for (int i = 0; i < width; i++) {
                    dy[t][b][i] = dh[(t * batch + b) * width + i];
                }
            }
        }
        Tensor gw = new Tensor(new int[] {classes, width}, toDoubles(dw));
        Tensor gb = new Tensor(new int[] {classes}, db);
        return new Result(counted == 0 ? 0 : loss / counted, dy, Map.of("weight", gw, "bias", gb));
    }

    private static float[] toFloats(double[] a) {
        float[] out = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = (float) a[i];
        }
        return out;
    }

    private static double[] toDoubles(float[] a) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i];
        }
        return out;
    }
}
