package io.rnnc.runtime.data;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.List;

/**
 * Standardisation of features: each becomes (value − mean) / standard deviation, with the mean
 * and deviation of the training data, so that every input and target has the same scale
 * whatever its units (a load near 1,000, a temperature near 10). A feature that never changes
 * keeps a scale of 1. Kept in checkpoints, so that new data is read as the training data was.
 *
 * @param mean each feature's mean on the training data
 * @param scale each feature's standard deviation there (population form, n in the denominator), or 1
 */
public record Standardizer(double[] mean, double[] scale) {
    public Standardizer {
        if (mean.length != scale.length) {
            throw new IllegalArgumentException(mean.length + " means but " + scale.length + " scales");
        }
        mean = mean.clone();
        scale = scale.clone();
    }

    /** The standardisation of {@code rows}' features (each row one observation). */
    public static Standardizer fit(double[][] rows) {
        return fit(List.<double[][]>of(rows));
    }

    /** The standardisation of the features of every step of every sequence. */
    public static Standardizer fit(List<double[][]> sequences) {
        int width = sequences.get(0)[0].length;
        double[] sum = new double[width];
        long n = 0;
        for (double[][] seq : sequences) {
            for (double[] row : seq) {
                for (int j = 0; j < width; j++) {
                    sum[j] += row[j];
                }
                n++;
            }
        }
        double[] mean = new double[width];
        for (int j = 0; j < width; j++) {
            mean[j] = sum[j] / n;
        }
        double[] squares = new double[width];
        for (double[][] seq : sequences) {
            for (double[] row : seq) {
                for (int j = 0; j < width; j++) {
                    squares[j] += (row[j] - mean[j]) * (row[j] - mean[j]);
                }
            }
        }
        return ofMoments(mean, squares, n);
    }

    /**
     * The standardisation of {@code n} observations whose features have these means and these
     * sums of squared deviations from them (as a cluster sums them over its parts).
     */
    public static Standardizer ofMoments(double[] mean, double[] squares, long n) {
        double[] scale = new double[mean.length];
        for (int j = 0; j < mean.length; j++) {
            double sd = Math.sqrt(squares[j] / n);
            scale[j] = sd > 1e-12 * Math.max(1, Math.abs(mean[j])) ? sd : 1;
        }
        return new Standardizer(mean, scale);
    }

    /** The identity: values read as they are. */
    public static Standardizer identity(int width) {
        double[] ones = new double[width];
        java.util.Arrays.fill(ones, 1);
        return new Standardizer(new double[width], ones);
    }

    /** Features per row. */
    public int width() {
        return mean.length;
    }

    /** Feature {@code j}'s mean. */
    public double mean(int j) {
        return mean[j];
    }

    /** Feature {@code j}'s scale. */
    public double scale(int j) {
        return scale[j];
    }

    /** {@code row} standardised, as a new array. */
    public double[] apply(double[] row) {
        double[] out = new double[row.length];
        for (int j = 0; j < row.length; j++) {
            out[j] = (row[j] - mean[j]) / scale[j];
        }
        return out;
    }

    /** Every row standardised. */
    public double[][] apply(double[][] rows) {
        double[][] out = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            out[i] = apply(rows[i]);
        }
        return out;
    }

    /** A standardised value of feature {@code j} in the original units. */
    public double original(int j, double standardised) {
        return standardised * scale[j] + mean[j];
    }

    /** As JSON, for a checkpoint. */
    public String toJson() {
        return new Gson().toJson(this);
    }

    /**
     * The standardisation {@link #toJson()} wrote.
     *
     * @param where names the text in an error
     * @throws DataException when the text is not one
     */
    public static Standardizer fromJson(String json, String where) {
        String problem;
        try {
            JsonObject o = JsonParser.parseString(json).getAsJsonObject();
            if (o.has("mean") && o.has("scale")) {
                return new Gson().fromJson(o, Standardizer.class);
            }
            problem = "missing fields";
        } catch (RuntimeException e) {
            // Gson's parse errors, and the record's own checks, which Gson wraps when it calls the constructor.
            problem = "not JSON of the expected form";
        }
        throw new DataException(where + ": holds no standardisation of the data (" + problem + ")");
    }
}
