package io.rnnc.runtime.data;

import java.util.ArrayList;
import java.util.List;

/**
 * Windows of a time series for forecasting: each step t of a window reads row t's features
 * and must produce the target columns' values at rows t+1 … t+H (the horizon H), laid out
 * target by target: {@code [y₀(t+1) … y₀(t+H), y₁(t+1) …]}. Windows are cut lazily from the rows,
 * so overlapping windows (a stride of 1) cost no copies until they are batched.
 */
public final class SeriesWindows implements ExampleSet {
    private final double[][] rows;
    private final double[][] targets;
    private final int horizon;
    private final int[] starts;
    private final int[] ends;

    private SeriesWindows(double[][] rows, double[][] targets, int horizon, List<int[]> windows) {
        this.rows = rows;
        this.targets = targets;
        this.horizon = horizon;
        this.starts = windows.stream().mapToInt(w -> w[0]).toArray();
        this.ends = windows.stream().mapToInt(w -> w[1]).toArray();
    }

    /**
     * Training windows of {@code length} rows, one every {@code stride} rows from the first,
     * each ending where its last step's targets are still at or before row {@code lastTarget};
     * a series too short for one whole window gives one shorter window.
     *
     * @param rows each row's features
     * @param targets each row's target values (the values the steps before it must forecast)
     */
    public static SeriesWindows training(double[][] rows, double[][] targets, int length, int stride, int horizon,
                                         int lastTarget) {
        return new SeriesWindows(rows, targets, horizon, trainingWindows(length, stride, horizon, lastTarget));
    }

    /**
     * The first and last rows, {@code {start, end}}, of {@link #training}'s windows: a worker
     * holding some of the rows can make the windows among them (see {@link #of}).
     */
    public static List<int[]> trainingWindows(int length, int stride, int horizon, int lastTarget) {
        List<int[]> windows = new ArrayList<>();
        for (int start = 0; start + length - 1 + horizon <= lastTarget; start += stride) {
            windows.add(new int[] {start, start + length - 1});
        }
        if (windows.isEmpty() && lastTarget - horizon >= 0) {
            windows.add(new int[] {0, lastTarget - horizon});
        }
        if (windows.isEmpty()) {
            throw new IllegalArgumentException("no window fits: " + (lastTarget + 1) + " rows for a horizon of " + horizon);
        }
        return windows;
    }

    /**
     * The windows {@code {start, end}} of {@code rows}; a window's last step reads the targets
     * up to {@code horizon} rows past its end, which must be among the rows.
     */
    public static SeriesWindows of(double[][] rows, double[][] targets, int horizon, List<int[]> windows) {
        return new SeriesWindows(rows, targets, horizon, windows);
    }

    /**
     * One window for each forecast origin from row {@code from} to row {@code to} (inclusive):
     * the window ends at the origin and reaches back {@code length} rows (fewer at the start of
     * the series); its last step is the forecast from that origin.
     */
    public static SeriesWindows origins(double[][] rows, double[][] targets, int length, int horizon, int from, int to) {
        List<int[]> windows = new ArrayList<>();
        for (int end = from; end <= to; end++) {
            windows.add(new int[] {Math.max(0, end - length + 1), end});
        }
        return new SeriesWindows(rows, targets, horizon, windows);
    }

    @Override
    public int size() {
        return starts.length;
    }

    /** Values each step must produce: target columns × horizon. */
    public int outputs() {
        return targets[0].length * horizon;
    }

    /** The target values a step at row {@code t} must produce; zero beyond the series' end. */
    public double[] expected(int t) {
        int y = targets[0].length;
        double[] out = new double[y * horizon];
        for (int j = 0; j < y; j++) {
            for (int k = 1; k <= horizon; k++) {
                out[j * horizon + k - 1] = t + k < targets.length ? targets[t + k][j] : 0;
            }
        }
        return out;
    }

    @Override
    public Batch batch(int[] picked) {
        int steps = 0;
        int[] lengths = new int[picked.length];
        for (int i = 0; i < picked.length; i++) {
            lengths[i] = ends[picked[i]] - starts[picked[i]] + 1;
            steps = Math.max(steps, lengths[i]);
        }
        int width = rows[0].length;
        double[][][] x = new double[steps][picked.length][width];
        double[][][] y = new double[steps][picked.length][outputs()];
        for (int i = 0; i < picked.length; i++) {
            int start = starts[picked[i]];
            for (int t = 0; t < lengths[i]; t++) {
                x[t][i] = rows[start + t].clone();
                y[t][i] = expected(start + t);
            }
        }
        return new Batch(x, lengths, new Targets.StepValues(y));
    }
}
