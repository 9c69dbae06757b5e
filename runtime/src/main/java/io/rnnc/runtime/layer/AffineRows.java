package io.rnnc.runtime.layer;

import io.rnnc.runtime.blas.Blas;
import io.rnnc.runtime.tensor.Tensor;

/**
 * The affine map with an activation, Y = act(A·Wᵀ + b), over the rows of a packed matrix A
 * {@code [rows][k]}, with W {@code [out][k]} and b {@code [out]}; and its gradient. Dense applies
 * it to the inputs of each step, Conv1d to each step's window of inputs. The products go through
 * the BLAS in double precision, all rows at once.
 */
final class AffineRows {
    private final Tensor weight;
    private final Tensor bias;
    private final Activation activation;
    private final int out;
    private final int k;
    private final boolean patchRows;

    /** @param weight W {@code [out][…]} read as {@code [out][k]} with k its remaining elements */
    AffineRows(Tensor weight, Tensor bias, Activation activation) {
        this(weight, bias, activation, false);
    }

    /**
     * @param patchRows whether A's rows are a convolution's patches, many rows for few output
     *     channels. OpenBLAS computes these shapes faster in other forms: Y as (W·Aᵀ)ᵀ (2.3× for
     *     200K rows of 9 values and 8 channels; the same for 34K rows of 72 values and 16 channels)
     *     and dL/dW as (Aᵀ·dZ)ᵀ rather than dZᵀ·A (3.5× for 60K rows of 72 values and 16 channels),
     *     in alternating runs of both forms
     */
    AffineRows(Tensor weight, Tensor bias, Activation activation, boolean patchRows) {
        this.weight = weight;
        this.bias = bias;
        this.activation = activation;
        this.out = bias.size();
        this.k = weight.size() / out;
        this.patchRows = patchRows;
    }

    /** Y {@code [rows][out]} for packed A {@code [rows][k]}. */
    double[] forward(double[] a, int rows) {
        if (patchRows) {
            return forwardByChannels(a, rows);
        }
        double[] y = new double[rows * out];
        double[] b = bias.data();
        for (int r = 0; r < rows; r++) {
            System.arraycopy(b, 0, y, r * out, out);
        }
        Blas.get().dgemm(false, true, rows, out, k, 1, a, 0, k, weight.data(), 0, k, 1, y, 0, out);
        for (int i = 0; i < y.length; i++) {
            y[i] = activation.apply(y[i]);
        }
        return y;
    }

    /** Y computed as (W·Aᵀ)ᵀ: the product by channel, then bias and activation as it is transposed. */
    private double[] forwardByChannels(double[] a, int rows) {
        double[] byChannel = new double[out * rows];
        Blas.get().dgemm(false, true, out, rows, k, 1, weight.data(), 0, k, a, 0, k, 0, byChannel, 0, rows);
        double[] b = bias.data();
        double[] y = new double[rows * out];
        for (int r = 0; r < rows; r++) {
            for (int o = 0; o < out; o++) {
                y[r * out + o] = activation.apply(byChannel[o * rows + r] + b[o]);
            }
        }
        return y;
    }

    /**
     * Adds dL/dW into {@code dWeight} and dL/db into {@code dBias}, and returns dL/dA
     * {@code [rows][k]}, or null when {@code inputGradient} is false.
     *
     * @param a the packed input of the forward pass
     * @param y its packed output
     * @param dy the packed gradient w.r.t. y
     */
    double[] backward(double[] a, double[] y, double[] dy, int rows, Tensor dWeight, Tensor dBias,
                      boolean inputGradient) {
        double[] dz = new double[rows * out];
        double[] db = dBias.data();
        for (int r = 0; r < rows; r++) {
            int at = r * out;
            for (int o = 0; o < out; o++) {
                dz[at + o] = dy[at + o] * activation.derivativeFromOutput(y[at + o]);
                db[o] += dz[at + o];
            }
        }
        Blas blas = Blas.get();
        if (patchRows) {
            addTransposedWeightGradient(blas, a, dz, rows, dWeight.data());
        } else {
            blas.dgemm(true, false, out, k, rows, 1, dz, 0, out, a, 0, k, 1, dWeight.data(), 0, k);
        }
        if (!inputGradient) {
            return null;
        }
        double[] da = new double[rows * k];
        blas.dgemm(false, false, rows, k, out, 1, dz, 0, out, weight.data(), 0, k, 0, da, 0, k);
        return da;
    }

    /** dW += (Aᵀ·dZ)ᵀ. */
    private void addTransposedWeightGradient(Blas blas, double[] a, double[] dz, int rows, double[] dw) {
        double[] transposed = new double[k * out];
        blas.dgemm(true, false, k, out, rows, 1, a, 0, k, dz, 0, out, 0, transposed, 0, out);
        for (int o = 0; o < out; o++) {
            for (int j = 0; j < k; j++) {
                dw[o * k + j] += transposed[j * out + o];
            }
        }
    }
}
