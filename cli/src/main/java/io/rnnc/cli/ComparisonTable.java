package io.rnnc.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The tables of a {@link Comparison}, as rows of text that the terminal, the Markdown file and
 * the report each lay out: per data file, a row per cell (parameters, held-out loss and the
 * task's metric as mean ± spread over seeds, ms per step, steps to the target loss); over
 * several data files, the metric of each cell on each.
 *
 * @param header the column names
 * @param rows each row's cells, as many as the header
 */
record ComparisonTable(List<String> header, List<List<String>> rows) {
    /** The table of {@code d}. */
    static ComparisonTable of(Comparison c, Comparison.DataResult d) {
        List<String> header = new ArrayList<>(List.of("cell", "H", "parameters", "held-out loss", c.metric(), "ms/step"));
        if (c.targetLoss() != null) {
            header.add("steps to loss " + RunReport.number(c.targetLoss()));
        }
        List<List<String>> rows = new ArrayList<>();
        for (Comparison.CellResult cell : d.cells()) {
            List<String> row = new ArrayList<>(List.of(cell.label(), Integer.toString(cell.hidden()),
                    String.format(Locale.ROOT, "%,d", cell.parameters()), spread(cell.loss()), spread(cell.metric()),
                    String.format(Locale.ROOT, "%.2f", cell.msPerStep())));
            if (c.targetLoss() != null) {
                row.add(steps(cell));
            }
            rows.add(row);
        }
        if (d.baseline() != null) {
            List<String> row = new ArrayList<>(java.util.Collections.nCopies(header.size(), ""));
            row.set(0, "(" + c.baseline() + ")");
            row.set(4, RunReport.number(d.baseline()));
            rows.add(row);
        }
        return new ComparisonTable(header, rows);
    }

    /** The task's metric of every cell on every data file: a row per cell, a column per file. */
    static ComparisonTable byData(Comparison c) {
        List<String> header = new ArrayList<>(List.of("cell"));
        c.data().forEach(d -> header.add(d.label()));
        List<List<String>> rows = new ArrayList<>();
        for (int k = 0; k < c.data().get(0).cells().size(); k++) {
            List<String> row = new ArrayList<>(List.of(c.data().get(0).cells().get(k).label()));
            for (Comparison.DataResult d : c.data()) {
                row.add(spread(d.cells().get(k).metric()));
            }
            rows.add(row);
        }
        if (c.baseline() != null) {
            List<String> row = new ArrayList<>(List.of("(" + c.baseline() + ")"));
            c.data().forEach(d -> row.add(d.baseline() == null ? "-" : RunReport.number(d.baseline())));
            rows.add(row);
        }
        return new ComparisonTable(header, rows);
    }

    /**
     * A mean ± spread over seeds: the mean to four significant digits and the spread to as many
     * decimals (in scientific notation both, far from 1); the mean alone for one seed.
     */
    static String spread(Comparison.Spread s) {
        if (s.seeds() == 0 || !Double.isFinite(s.mean())) {
            return "-";
        }
        double magnitude = Math.abs(s.mean());
        if (magnitude != 0 && (magnitude < 1e-4 || magnitude >= 1e6)) {
            String mean = String.format(Locale.ROOT, "%.3e", s.mean());
            return s.seeds() == 1 ? mean : mean + " ± " + String.format(Locale.ROOT, "%.1e", s.spread());
        }
        int decimals = magnitude == 0 ? 4 : Math.max(0, 3 - (int) Math.floor(Math.log10(magnitude)));
        String mean = String.format(Locale.ROOT, "%." + decimals + "f", s.mean());
        return s.seeds() == 1 ? mean : mean + " ± " + String.format(Locale.ROOT, "%." + decimals + "f", s.spread());
    }

    private static String steps(Comparison.CellResult cell) {
        int n = cell.runs().size();
        Comparison.Spread s = cell.stepsToTarget();
        String reached = "(" + s.seeds() + "/" + n + ")";
        if (s.seeds() == 0) {
            return "never " + reached;
        }
        return String.format(Locale.ROOT, "%.0f", s.mean())
                + (s.seeds() > 1 ? String.format(Locale.ROOT, " ± %.0f", s.spread()) : "") + " " + reached;
    }

    /** The table as text with aligned columns, for the terminal. */
    String aligned() {
        int[] width = new int[header.size()];
        for (int i = 0; i < width.length; i++) {
            width[i] = header.get(i).length();
            for (List<String> row : rows) {
                width[i] = Math.max(width[i], row.get(i).length());
            }
        }
        StringBuilder out = new StringBuilder();
        line(out, header, width);
        for (List<String> row : rows) {
            line(out, row, width);
        }
        return out.toString();
    }

    private static void line(StringBuilder out, List<String> cells, int[] width) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            line.append(i == 0 ? "" : "  ").append(String.format("%-" + width[i] + "s", cells.get(i)));
        }
        out.append(line.toString().stripTrailing()).append('\n');
    }

    /** The table in Markdown. */
    String markdown() {
        StringBuilder out = new StringBuilder("| ").append(String.join(" | ", header)).append(" |\n|");
        header.forEach(h -> out.append("---|"));
        out.append('\n');
        rows.forEach(row -> out.append("| ").append(String.join(" | ", row)).append(" |\n"));
        return out.toString();
    }
}
