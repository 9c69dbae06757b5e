package io.rnnc.report;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Several runs of one configuration (one per seed) as one curve: the mean at each x that
 * every run logged, with a band of one standard deviation either side (the sample standard
 * deviation, n − 1 in the denominator). Points where a run's value is NaN are left out of
 * that x's mean; an x where no run has a value is a gap.
 */
public final class SeedSpread {
    private SeedSpread() {
    }

    /** The mean of {@code runs} with its band, named {@code name}; one run gives its own curve and no band. */
    public static Series of(String name, List<Series> runs) {
        if (runs.isEmpty()) {
            throw new IllegalArgumentException(name + ": no runs to average");
        }
        if (runs.size() == 1) {
            Series only = runs.get(0);
            return Series.of(name, only.x(), only.y());
        }
        TreeMap<Double, List<Double>> byX = new TreeMap<>();
        for (Series run : runs) {
            double[] x = run.x();
            double[] y = run.y();
            for (int i = 0; i < x.length; i++) {
                byX.computeIfAbsent(x[i], k -> new ArrayList<>()).add(y[i]);
            }
        }
        byX.values().removeIf(values -> values.size() < runs.size());
        int n = byX.size();
        double[] x = new double[n];
        double[] mean = new double[n];
        double[] lower = new double[n];
        double[] upper = new double[n];
        int i = 0;
        for (var e : byX.entrySet()) {
            double[] values = e.getValue().stream().mapToDouble(Double::doubleValue).filter(v -> !Double.isNaN(v)).toArray();
            double m = mean(values);
            double deviation = values.length > 1 ? standardDeviation(values, m) : 0;
            x[i] = e.getKey();
            mean[i] = m;
            lower[i] = m - deviation;
            upper[i] = m + deviation;
            i++;
        }
        return new Series(name, x, mean, lower, upper);
    }

    private static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return values.length == 0 ? Double.NaN : sum / values.length;
    }

    private static double standardDeviation(double[] values, double mean) {
        double squares = 0;
        for (double v : values) {
            squares += (v - mean) * (v - mean);
        }
        return Math.sqrt(squares / (values.length - 1));
    }
}
