package io.rnnc.report;

/**
 * One curve of a {@link LineChart}: points (x, y) in order of x, and optionally a band around
 * them (the spread over seeds). A y that is NaN leaves a gap in the line.
 *
 * @param name the name the legend shows
 * @param x the points' x values
 * @param y the points' y values, as many as x
 * @param lower the band's lower edge at each x, or null for no band
 * @param upper the band's upper edge at each x, or null for no band
 */
public record Series(String name, double[] x, double[] y, double[] lower, double[] upper) {
    public Series {
        if (x.length != y.length) {
            throw new IllegalArgumentException(name + ": " + x.length + " x values but " + y.length + " y values");
        }
        if ((lower == null) != (upper == null) || lower != null && (lower.length != x.length || upper.length != x.length)) {
            throw new IllegalArgumentException(name + ": a band needs a lower and an upper edge at every x");
        }
        x = x.clone();
        y = y.clone();
        lower = lower == null ? null : lower.clone();
        upper = upper == null ? null : upper.clone();
    }

    /** A curve without a band. */
    public static Series of(String name, double[] x, double[] y) {
        return new Series(name, x, y, null, null);
    }

    /** Whether a band is drawn around the curve. */
    public boolean hasBand() {
        return lower != null;
    }

    /** How many points the curve has. */
    public int size() {
        return x.length;
    }

    @Override
    public double[] x() {
        return x.clone();
    }

    @Override
    public double[] y() {
        return y.clone();
    }

    @Override
    public double[] lower() {
        return lower == null ? null : lower.clone();
    }

    @Override
    public double[] upper() {
        return upper == null ? null : upper.clone();
    }
}
