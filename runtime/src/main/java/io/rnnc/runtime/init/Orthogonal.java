package io.rnnc.runtime.init;

import io.rnnc.runtime.tensor.Tensor;
import java.util.Random;

/**
 * A random (semi-)orthogonal matrix with gain 1, as torch.nn.init's {@code orthogonal_}: the
 * tensor is viewed as {@code rows × (all other dimensions)}, a Gaussian matrix of that shape is
 * factored by QR (transposed first when it is wide), and Q's columns are signed to make R's
 * diagonal positive, so that the result is uniformly distributed. A tall or square result has
 * orthonormal columns, a wide one orthonormal rows.
 */
final class Orthogonal implements Initializer {

    @Override
    public void fill(Tensor t, Random rng) {
        Shapes.requireMatrixLike(t, name());
        if (t.size() == 0) {
            return;
        }
        int rows = t.dim(0);
        int cols = t.size() / rows;
        double[] gaussian = new double[t.size()];
        for (int i = 0; i < gaussian.length; i++) {
            gaussian[i] = rng.nextGaussian();
        }
        System.arraycopy(orthonormalize(rows, cols, gaussian), 0, t.data(), 0, gaussian.length);
    }

    /**
     * Turns a row-major {@code rows × cols} matrix into the (semi-)orthogonal matrix torch derives
     * from it.
     *
     * @return the result, row-major, same shape
     */
    static double[] orthonormalize(int rows, int cols, double[] matrix) {
        boolean wide = rows < cols;
        int tall = Math.max(rows, cols);
        int narrow = Math.min(rows, cols);
        // The columns of the tall orientation: the matrix's columns, or its rows when it is wide.
        double[][] columns = new double[narrow][tall];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                if (wide) {
                    columns[i][j] = matrix[i * cols + j];
                } else {
                    columns[j][i] = matrix[i * cols + j];
                }
            }
        }
        HouseholderQr qr = new HouseholderQr(columns);
        double[][] q = qr.qColumns();
        double[][] r = qr.rColumns();
        double[] out = new double[rows * cols];
        for (int k = 0; k < narrow; k++) {
            // torch takes sign(0) = 0 here; a zero diagonal has probability zero and +1 keeps Q orthonormal.
            double sign = r[k][k] < 0 ? -1 : 1;
            for (int i = 0; i < tall; i++) {
                int at = wide ? k * cols + i : i * cols + k;
                out[at] = sign * q[k][i];
            }
        }
        return out;
    }

    @Override
    public String name() {
        return "orthogonal";
    }
}
