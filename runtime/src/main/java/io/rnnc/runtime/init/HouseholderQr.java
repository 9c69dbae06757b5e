package io.rnnc.runtime.init;

/**
 * The thin QR factorisation {@code A = Q·R} of a tall matrix by Householder reflections, in double
 * precision: {@code Q} has orthonormal columns to rounding, {@code R} is upper triangular.
 *
 * <p>Matrices are held by columns, since every reflection works on whole columns.
 */
final class HouseholderQr {

    private final int rows;
    private final int cols;
    /** The reflected matrix; its upper triangle becomes R. */
    private final double[][] work;
    /** The Householder vector of each step over rows k.., or null where the column was already zero. */
    private final double[][] reflectors;

    /**
     * Factors the matrix whose columns are given.
     *
     * @param columns {@code n} columns of equal length {@code m >= n}; not modified
     */
    HouseholderQr(double[][] columns) {
        this.cols = columns.length;
        this.rows = cols == 0 ? 0 : columns[0].length;
        if (rows < cols) {
            throw new IllegalArgumentException("a thin QR needs at least as many rows as columns, not " + rows + " x " + cols);
        }
        this.work = new double[cols][];
        for (int j = 0; j < cols; j++) {
            work[j] = columns[j].clone();
        }
        this.reflectors = new double[cols][];
        for (int k = 0; k < cols; k++) {
            reflectors[k] = reflectColumn(k);
        }
    }

    /** Zeroes column k below the diagonal with one reflection, applied to the columns from k on. */
    private double[] reflectColumn(int k) {
        double[] x = work[k];
        double norm = 0;
        for (int i = k; i < rows; i++) {
            norm += x[i] * x[i];
        }
        norm = Math.sqrt(norm);
        if (norm == 0) {
            return null;
        }
        // Reflecting onto −sign(x_k)·‖x‖ avoids cancellation in v_k = x_k − alpha.
        double alpha = x[k] > 0 ? -norm : norm;
        double[] v = new double[rows - k];
        for (int i = k; i < rows; i++) {
            v[i - k] = x[i];
        }
        v[0] -= alpha;
        for (int j = k; j < cols; j++) {
            reflect(v, k, work[j]);
        }
        return v;
    }

    /** Applies {@code I − 2·v·vᵀ / (vᵀv)}, acting on rows from {@code offset}, to one column in place. */
    private static void reflect(double[] v, int offset, double[] column) {
        double vv = 0;
        double vc = 0;
        for (int i = 0; i < v.length; i++) {
            vv += v[i] * v[i];
            vc += v[i] * column[offset + i];
        }
        double f = 2 * vc / vv;
        for (int i = 0; i < v.length; i++) {
            column[offset + i] -= f * v[i];
        }
    }

    /**
     * The {@code m × n} factor Q with orthonormal columns.
     *
     * @return its columns, new arrays
     */
    double[][] qColumns() {
        double[][] q = new double[cols][rows];
        for (int j = 0; j < cols; j++) {
            q[j][j] = 1;
            // Q·e_j = H_0·H_1·…·H_j·e_j: the later reflections act only on rows below j, where e_j is zero.
            for (int k = j; k >= 0; k--) {
                if (reflectors[k] != null) {
                    reflect(reflectors[k], k, q[j]);
                }
            }
        }
        return q;
    }

    /**
     * The {@code n × n} upper-triangular factor R.
     *
     * @return its columns, new arrays; entries below the diagonal are zero
     */
    double[][] rColumns() {
        double[][] r = new double[cols][cols];
        for (int j = 0; j < cols; j++) {
            for (int i = 0; i <= j; i++) {
                r[j][i] = work[j][i];
            }
        }
        return r;
    }
}
