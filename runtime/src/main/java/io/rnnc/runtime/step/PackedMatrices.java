package io.rnnc.runtime.step;

import io.rnnc.runtime.blas.Blas;
import io.rnnc.runtime.tensor.Tensor;
import java.util.Map;

/** Weight matrices assembled from the parameters as a {@link CellPlan.MatrixPlan} says. */
final class PackedMatrices {
    private PackedMatrices() {
    }

    /** The matrix, row-major, in float64 as the parameters hold it. */
    static double[] dense(CellPlan.MatrixPlan m, Map<String, Tensor> params) {
        double[] out = new double[m.rows() * m.cols()];
        for (CellPlan.RowCopy c : m.copies()) {
            Tensor t = params.get(c.param());
            if (t == null) {
                throw new IllegalArgumentException("the cell's parameter " + c.param() + " is missing");
            }
            double[] data = t.data();
            if (c.step() == 1) {
                System.arraycopy(data, c.start(), out, c.at(), c.n());
            } else {
                for (int k = 0; k < c.n(); k++) {
                    out[c.at() + k] = data[c.start() + k * c.step()];
                }
            }
        }
        return out;
    }

    /** The matrix packed for the BLAS in the plan's precision. */
    static Blas.Resident resident(CellPlan.MatrixPlan m, Map<String, Tensor> params, boolean f64, Blas blas) {
        double[] dense = dense(m, params);
        if (f64) {
            return blas.resident(dense, m.rows(), m.cols());
        }
        float[] f = new float[dense.length];
        PrecisionArrays.copyIn(dense, 0, f, 0, dense.length);
        return blas.resident(f, m.rows(), m.cols());
    }

    /** The transpose of a row-major {@code rows × cols} matrix. */
    static double[] transpose(double[] m, int rows, int cols) {
        double[] t = new double[m.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                t[c * rows + r] = m[r * cols + c];
            }
        }
        return t;
    }
}
