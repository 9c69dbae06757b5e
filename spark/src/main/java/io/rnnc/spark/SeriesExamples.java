package io.rnnc.spark;

import io.rnnc.runtime.data.ExampleSet;
import io.rnnc.runtime.data.SeriesWindows;
import java.util.List;

/**
 * Training windows of a time series: the rows they read, standardised, and the windows' first
 * and last rows among them; a window's targets reach {@code horizon} rows past its end, and
 * those rows are here too.
 *
 * @param rows the rows' inputs
 * @param targets the rows' target values
 * @param windows each window's {@code {start, end}}, in these rows
 */
record SeriesExamples(double[][] rows, double[][] targets, int horizon, List<int[]> windows) implements Examples {
    @Override
    public int size() {
        return windows.size();
    }

    @Override
    public ExampleSet build() {
        return SeriesWindows.of(rows, targets, horizon, windows);
    }
}
