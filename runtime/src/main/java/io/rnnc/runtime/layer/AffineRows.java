package io.rnnc.runtime.layer;

import io.rnnc.runtime.blas.Blas;
import io.rnnc.runtime.blas.GemmParts;
import io.rnnc.runtime.kernels.WorkerPool;
import io.rnnc.runtime.tensor.Tensor;

/**
 * The affine map with an activation, Y = act(A·Wᵀ + b), over the rows of a packed matrix A
 * {@code [rows][k]}, with W {@code [out][k]} and b {@code [out]}; and its gradient. Dense applies
 * it to the inputs of each step, Conv1d to each step's window of inputs. The products go through
 * the BLAS in double precision, all rows at once, each cut into the {@link GemmParts} of its
 * shape on the pool's threads; every sum runs over the rows in order, so the results do not
 * depend on the thread count.
 */
final class AffineRows {
    private final Tensor weight;
    private final Tensor bias;
    private final Activation activation;
    private final int out;
    private final int k;
    private final boolean patchRows;
    private final WorkerPool pool;

    /** @param weight W {@code [out][…]} read as {@code [out][k]} with k its remaining elements */
    AffineRows(Tensor weight, Tensor bias, Activation activation, WorkerPool pool) {
        this(weight, bias, activation, false, pool);
    }

    /**
     * @param patchRows whether A's rows are a convolution's patches, many rows for few output
     *     channels. OpenBLAS computes these shapes faster in other forms: Y as (W·Aᵀ)ᵀ (2.3× for
     *     200K rows of 9 values and 8 channels; the same for 34K rows of 72 values and 16 channels)
     *     and dL/dW as (Aᵀ·dZ)ᵀ rather than dZᵀ·A (3.5× for 60K rows of 72 values and 16 channels),
     *     in alternating runs of both forms
     */
    AffineRows(Tensor weight, Tensor bias, Activation activation, boolean patchRows, WorkerPool pool) {
        this.weight = weight;
        this.bias = bias;
        this.activation = activation;
        this.out = bias.size();
        this.k = weight.size() / out;
        this.patchRows = patchRows;
        this.pool = pool;
    }

    /** Part i of a product C[m×n] cut into {@code parts}: its first and last-plus-one row and column. */
    private record Block(int row0, int row1, int col0, int col1) {
        static Block of(GemmParts parts, int i, int m, int n) {
            return parts.byRows() ? new Block(parts.from(i), parts.to(i), 0, n) : new Block(0, m, parts.from(i), parts.to(i));
        }
    }

    /** Y {@code [rows][out]} for packed A {@code [rows][k]}. */
    double[] forward(double[] a, int rows) {
        if (patchRows) {
            return forwardByChannels(a, rows);
        }
        double[] y = new double[rows * out];
        double[] b = bias.data();
        double[] w = weight.data();
        GemmParts parts = GemmParts.of(rows, out, k);
        pool.forEach(parts.count(), i -> {
            Block p = Block.of(parts, i, rows, out);
            for (int r = p.row0(); r < p.row1(); r++) {
                System.arraycopy(b, p.col0(), y, r * out + p.col0(), p.col1() - p.col0());
            }
            Blas.get().dgemm(false, true, p.row1() - p.row0(), p.col1() - p.col0(), k, 1, a, p.row0() * k, k, w,
                    p.col0() * k, k, 1, y, p.row0() * out + p.col0(), out);
            for (int r = p.row0(); r < p.row1(); r++) {
                for (int c = p.col0(); c < p.col1(); c++) {
                    y[r * out + c] = activation.apply(y[r * out + c]);
                }
            }
        });
        return y;
    }

    /** Y computed as (W·Aᵀ)ᵀ: the product by channel, then bias and activation as it is transposed. */
    private double[] forwardByChannels(double[] a, int rows) {
        double[] byChannel = new double[out * rows];
        product(false, true, out, rows, k, weight.data(), k, a, k, byChannel, rows);
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
        int columnParts = Math.min(pool.parallelism(), out);
        // Each part takes a range of outputs: dz there, and their bias gradients summed over the rows in order.
        pool.forEach(columnParts, part -> {
            int c0 = (int) ((long) part * out / columnParts);
            int c1 = (int) ((long) (part + 1) * out / columnParts);
            for (int r = 0; r < rows; r++) {
                for (int c = c0; c < c1; c++) {
                    int i = r * out + c;
                    dz[i] = dy[i] * activation.derivativeFromOutput(y[i]);
                    db[c] += dz[i];
                }
            }
        });
        double[] w = weight.data();
        double[] dw = dWeight.data();
        if (patchRows) {
            addTransposedWeightGradient(a, dz, rows, dw);
        } else {
            GemmParts weightParts = GemmParts.of(out, k, rows);
            pool.forEach(weightParts.count(), i -> {
                Block p = Block.of(weightParts, i, out, k);
                Blas.get().dgemm(true, false, p.row1() - p.row0(), p.col1() - p.col0(), rows, 1, dz, p.row0(), out, a,
                        p.col0(), k, 1, dw, p.row0() * k + p.col0(), k);
            });
        }
        if (!inputGradient) {
            return null;
        }
        double[] da = new double[rows * k];
        product(false, false, rows, k, out, dz, out, w, k, da, k);
        return da;
    }

    /**
     * C[m×n] = op(A)·op(B), with inner size {@code inner}, in the {@link GemmParts} of its shape
     * on the pool's threads (op transposes where {@code transA} or {@code transB} says).
     */
    private void product(boolean transA, boolean transB, int m, int n, int inner, double[] a, int lda, double[] b,
                         int ldb, double[] c, int ldc) {
        GemmParts parts = GemmParts.of(m, n, inner);
        pool.forEach(parts.count(), i -> {
            Block p = Block.of(parts, i, m, n);
            Blas.get().dgemm(transA, transB, p.row1() - p.row0(), p.col1() - p.col0(), inner, 1,
                    a, transA ? p.row0() : p.row0() * lda, lda, b, transB ? p.col0() * ldb : p.col0(), ldb,
                    0, c, p.row0() * ldc + p.col0(), ldc);
        });
    }

    /** dW += (Aᵀ·dZ)ᵀ. */
    private void addTransposedWeightGradient(double[] a, double[] dz, int rows, double[] dw) {
        double[] transposed = new double[k * out];
        product(true, false, k, out, rows, a, k, dz, out, transposed, out);
        for (int o = 0; o < out; o++) {
            for (int j = 0; j < k; j++) {
                dw[o * k + j] += transposed[j * out + o];
            }
        }
    }
}
