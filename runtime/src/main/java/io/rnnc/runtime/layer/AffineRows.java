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

    /** @param weight W {@code [out][…]} read as {@code [out][k]} with k its remaining elements */
    AffineRows(Tensor weight, Tensor bias, Activation activation) {
        this.weight = weight;
        this.bias = bias;
        this.activation = activation;
        this.out = bias.size();
        this.k = weight.size() / out;
    }

    /** Y {@code [rows][out]} for packed A {@code [rows][k]}. */
    double[] forward(double[] a, int rows) {
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

    /**
     * Adds dL/dW into {@code dWeight} and dL/db into {@code dBias}, and returns dL/dA
     * {@code [rows][k]}.
     *
     * @param a the packed input of the forward pass
     * @param y its packed output
     * @param dy the packed gradient w.r.t. y
     */
    double[] backward(double[] a, double[] y, double[] dy, int rows, Tensor dWeight, Tensor dBias) {
        double[] dz = new double[rows * out];
        double[] db = dBias.data();
        for (int i = 0; i < dz.length; i++) {
            dz[i] = dy[i] * activation.derivativeFromOutput(y[i]);
            db[i % out] += dz[i];
        }
        Blas blas = Blas.get();
        blas.dgemm(true, false, out, k, rows, 1, dz, 0, out, a, 0, k, 1, dWeight.data(), 0, k);
        double[] da = new double[rows * k];
        blas.dgemm(false, false, rows, k, out, 1, dz, 0, out, weight.data(), 0, k, 0, da, 0, k);
        return da;
    }
}
