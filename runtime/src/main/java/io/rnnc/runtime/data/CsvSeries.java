package io.rnnc.runtime.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A time series from CSV text: a header line of column names (or none), then one line of
 * numbers per time step. Blank lines are skipped; anything else that is not a number is an error naming the
 * line and column.
 */
public record CsvSeries(List<String> columns, double[][] rows) {

    /**
     * Parses {@code text}, whose first line is a header.
     *
     * @param where the file name for errors
     */
    public static CsvSeries parse(String text, String where) {
        return parse(text, where, true);
    }

    /**
     * Parses {@code text}; without a header the columns are named by their numbers from 1.
     *
     * @param where the file name for errors
     */
    public static CsvSeries parse(String text, String where, boolean header) {
        String[] lines = text.split("\n");
        List<String> columns = header ? Arrays.stream(lines[0].split(",")).map(String::trim).toList()
                : java.util.stream.IntStream.rangeClosed(1, lines[0].split(",", -1).length).mapToObj(Integer::toString)
                        .toList();
        if (columns.stream().anyMatch(String::isEmpty)) {
            throw new DataException(where + ":1: the header needs a name for every column");
        }
        List<double[]> rows = new ArrayList<>();
        for (int i = header ? 1 : 0; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            String[] cells = lines[i].split(",", -1);
            if (cells.length != columns.size()) {
                throw new DataException(where + ":" + (i + 1) + ": has " + cells.length + " values, but the "
                        + (header ? "header names " : "first row has ") + columns.size() + " columns; give every row "
                        + "one value per column");
            }
            double[] row = new double[cells.length];
            for (int c = 0; c < cells.length; c++) {
                row[c] = number(cells[c].trim(), where, i + 1, columns.get(c));
            }
            rows.add(row);
        }
        if (rows.isEmpty()) {
            throw new DataException(where + ": has a header but no rows of numbers");
        }
        return new CsvSeries(columns, rows.toArray(new double[0][]));
    }

    /** Whether the first line of {@code text} holds something other than numbers, as a header does. */
    public static boolean startsWithHeader(String text) {
        String first = text.lines().findFirst().orElse("");
        for (String cell : first.split(",", -1)) {
            try {
                Double.parseDouble(cell.trim());
            } catch (NumberFormatException e) {
                return true;
            }
        }
        return false;
    }

    /** The index of column {@code name}. */
    public int column(String name, String where) {
        int i = columns.indexOf(name);
        if (i < 0) {
            throw new DataException(where + ": has no column `" + name + "`; its columns are " + String.join(", ", columns)
                    + " (--target names one of them)");
        }
        return i;
    }

    private static double number(String cell, String where, int line, String column) {
        try {
            double v = Double.parseDouble(cell);
            if (!Double.isFinite(v)) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new DataException(where + ":" + line + ": `" + cell + "` in column `" + column + "` is not a finite "
                    + "number; every value of a series is one (fix it, or remove the row)");
        }
    }
}
