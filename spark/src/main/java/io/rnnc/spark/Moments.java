package io.rnnc.spark;

import io.rnnc.runtime.data.Standardizer;
import org.apache.spark.api.java.JavaRDD;

/** Standardisation fitted with Spark, as one machine fits it: the means, then the squared deviations from them. */
final class Moments {
    private Moments() {
    }

    /** The standardisation of the features of {@code rows}, one observation a row. */
    static Standardizer standardizer(JavaRDD<double[]> rows) {
        long n = rows.count();
        double[] mean = rows.reduce(Moments::plus).clone();
        for (int j = 0; j < mean.length; j++) {
            mean[j] /= n;
        }
        double[] squares = rows.map(r -> {
            double[] d = new double[r.length];
            for (int j = 0; j < r.length; j++) {
                d[j] = (r[j] - mean[j]) * (r[j] - mean[j]);
            }
            return d;
        }).reduce(Moments::plus);
        return Standardizer.ofMoments(mean, squares, n);
    }

    private static double[] plus(double[] a, double[] b) {
        double[] sum = new double[a.length];
        for (int j = 0; j < a.length; j++) {
            sum[j] = a[j] + b[j];
        }
        return sum;
    }
}
