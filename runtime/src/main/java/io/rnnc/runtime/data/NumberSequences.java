package io.rnnc.runtime.data;

/**
 * A sequence of numbers written in one field of a text file: steps separated by spaces, a
 * step's features by commas ({@code 0.21,0 0.87,1 0.05,0} is three steps of two features).
 */
public final class NumberSequences {
    private NumberSequences() {
    }

    /** Whether {@code field} is such a sequence: at least one step, every feature a finite number, every step as wide. */
    public static boolean is(String field) {
        String[] steps = field.strip().split("\\s+");
        if (steps.length == 0 || steps[0].isEmpty()) {
            return false;
        }
        int width = -1;
        for (String step : steps) {
            String[] features = step.split(",", -1);
            if (width >= 0 && features.length != width) {
                return false;
            }
            width = features.length;
            for (String f : features) {
                if (!CsvTable.isNumber(f)) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * The steps of {@code field}, {@code [T][X]}.
     *
     * @param where names the field in errors: a file and line
     * @throws DataException when a feature is not a finite number or a step is not {@code width} wide
     */
    public static double[][] parse(String field, int width, String where) {
        String[] steps = field.strip().split("\\s+");
        double[][] x = new double[steps.length][];
        for (int t = 0; t < steps.length; t++) {
            String[] features = steps[t].split(",", -1);
            if (features.length != width) {
                throw new DataException(where + ": step " + (t + 1) + " (`" + steps[t] + "`) has " + features.length
                        + " feature" + (features.length == 1 ? "" : "s") + ", but the data has " + width + " per step");
            }
            x[t] = new double[width];
            for (int j = 0; j < width; j++) {
                if (!CsvTable.isNumber(features[j])) {
                    throw new DataException(where + ": `" + features[j] + "` in step " + (t + 1) + " is not a finite number");
                }
                x[t][j] = Double.parseDouble(features[j].strip());
            }
        }
        return x;
    }

    /** The number of features of the first step of {@code field}. */
    public static int width(String field) {
        return field.strip().split("\\s+")[0].split(",", -1).length;
    }
}
