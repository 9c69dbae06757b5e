package io.rnnc.report;

/** A series and a model's forecast of it, against time: the plot of a regression's held-out part. */
public final class ForecastChart {
    private ForecastChart() {
    }

    /**
     * A chart of {@code truth} and {@code forecast} at each {@code time}; a NaN forecast (a step
     * the model made no forecast for, such as the first window) leaves a gap.
     */
    public static LineChart of(String title, String timeLabel, String valueLabel, double[] time, double[] truth,
                               double[] forecast) {
        return new LineChart(title, timeLabel, valueLabel)
                .add(Series.of("truth", time, truth))
                .add(Series.of("forecast", time, forecast));
    }
}
