package io.rnnc.runtime.init;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The factors multiply back to the matrix, Q is orthonormal and R upper triangular. */
class HouseholderQrTest {

    @Test
    void factorsReproduceTheMatrix() {
        Random rng = new Random(9);
        double[][] a = new double[4][7];
        for (double[] column : a) {
            for (int i = 0; i < column.length; i++) {
                column[i] = rng.nextGaussian();
            }
        }
        HouseholderQr qr = new HouseholderQr(a);
        double[][] q = qr.qColumns();
        double[][] r = qr.rColumns();
        for (int j = 0; j < 4; j++) {
            for (int i = 0; i < 7; i++) {
                double product = 0;
                for (int k = 0; k < 4; k++) {
                    product += q[k][i] * r[j][k];
                }
                assertEquals(a[j][i], product, 1e-13, "A(" + i + ", " + j + ")");
            }
            for (int i = j + 1; i < 4; i++) {
                assertEquals(0, r[j][i], "R below its diagonal");
            }
        }
        assertOrthonormal(q);
    }

    @Test
    void aZeroColumnStillGivesOrthonormalQ() {
        double[][] a = {{1, 2, 2}, {0, 0, 0}, {3, -1, 0}};
        HouseholderQr qr = new HouseholderQr(a);
        assertOrthonormal(qr.qColumns());
        assertEquals(0, qr.rColumns()[1][1], 1e-15);
    }

    private static void assertOrthonormal(double[][] q) {
        for (int a = 0; a < q.length; a++) {
            for (int b = 0; b < q.length; b++) {
                double dot = 0;
                for (int i = 0; i < q[a].length; i++) {
                    dot += q[a][i] * q[b][i];
                }
                assertEquals(a == b ? 1 : 0, dot, 1e-14, "columns " + a + " and " + b);
            }
        }
    }
}
