package io.rnnc.runtime.data;

import io.rnnc.runtime.Remedy;
import java.util.ArrayList;
import java.util.List;

/**
 * A time series from a CSV file: the columns a model reads, as numbers, one row per time step,
 * and the file's date/time column, which is the time axis rather than an input.
 *
 * @param name the file's name, for errors
 * @param columns the input columns' names, in the file's order or as chosen
 * @param rows each step's values of {@code columns}
 * @param timeColumn the date/time column's name, or null when the file has none
 * @param times each step's time in seconds since 1970 (UTC where the file gives no offset), or null
 */
public record TimeSeries(String name, List<String> columns, double[][] rows, String timeColumn, double[] times) {
    /**
     * The series in {@code table}: the columns {@code chosen}, or without a choice every column
     * but the date/time one. The first column whose every field is a date or time is the time
     * axis.
     *
     * @param chosen the input columns by name, or null for all
     * @throws DataException naming the file, line and column of a field that is not a number, or a
     *     chosen column the file does not have
     */
    public static TimeSeries of(CsvTable table, List<String> chosen) {
        int time = -1;
        for (int c = 0; c < table.columns().size() && time < 0; c++) {
            int column = c;
            if (!table.rows().stream().allMatch(r -> CsvTable.isNumber(r[column])) && table.isTimeColumn(c)) {
                time = c;
            }
        }
        List<Integer> inputs = new ArrayList<>();
        if (chosen == null) {
            for (int c = 0; c < table.columns().size(); c++) {
                if (c != time) {
                    inputs.add(c);
                }
            }
        } else {
            for (String name : chosen) {
                int c = table.column(name);
                if (c == time) {
                    throw new DataException(table.name() + ": column `" + name + "` holds dates and times, the time axis; "
                            + "it cannot be an input");
                }
                inputs.add(c);
            }
        }
        if (inputs.isEmpty()) {
            throw new DataException(table.name() + ": has no column of numbers besides the time column `"
                    + table.columns().get(time) + "`");
        }
        Remedy remedy = chosen == null ? Remedy.CHOSEN_COLUMNS : null;
        double[][] rows = new double[table.rows().size()][inputs.size()];
        List<String> names = new ArrayList<>();
        for (int k = 0; k < inputs.size(); k++) {
            double[] values = table.numbers(inputs.get(k), remedy);
            for (int i = 0; i < rows.length; i++) {
                rows[i][k] = values[i];
            }
            names.add(table.columns().get(inputs.get(k)));
        }
        return new TimeSeries(table.name(), names, rows, time < 0 ? null : table.columns().get(time),
                time < 0 ? null : times(table, time));
    }

    private static double[] times(CsvTable table, int c) {
        return table.rows().stream().mapToDouble(r -> DateTimes.seconds(r[c]).getAsDouble()).toArray();
    }

    /**
     * The input columns {@code chosen}, with the {@code targets} added where the choice leaves
     * them out: a forecaster reads what it forecasts. Null (every column) where none are chosen.
     */
    public static List<String> withTargets(List<String> chosen, List<String> targets) {
        if (chosen == null || targets == null) {
            return chosen;
        }
        List<String> all = new ArrayList<>(chosen);
        targets.stream().filter(t -> !all.contains(t)).forEach(all::add);
        return all;
    }
}
