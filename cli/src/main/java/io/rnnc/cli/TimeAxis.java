package io.rnnc.cli;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;

/**
 * The horizontal axis of a chart of a series: its times in a unit that suits their spacing
 * (seconds, minutes, hours or days since the first shown), or row numbers where the file has
 * no date/time column.
 *
 * @param values each point's position on the axis
 * @param label what the axis shows
 */
record TimeAxis(double[] values, String label) {
    private static final DateTimeFormatter START = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

    /**
     * The axis of rows {@code rows} of a series.
     *
     * @param times every row's time in seconds since 1970, or null for none
     */
    static TimeAxis of(double[] times, int[] rows) {
        if (times == null) {
            return new TimeAxis(Arrays.stream(rows).mapToDouble(r -> r + 1).toArray(), "row");
        }
        double[] shown = Arrays.stream(rows).mapToDouble(r -> times[r]).toArray();
        double step = medianSpacing(shown);
        String unit;
        double seconds;
        if (step >= 86_400) {
            unit = "days";
            seconds = 86_400;
        } else if (step >= 3_600) {
            unit = "hours";
            seconds = 3_600;
        } else if (step >= 60) {
            unit = "minutes";
            seconds = 60;
        } else {
            unit = "seconds";
            seconds = 1;
        }
        double start = shown.length == 0 ? 0 : shown[0];
        double[] values = Arrays.stream(shown).map(t -> (t - start) / seconds).toArray();
        return new TimeAxis(values, unit + " since " + START.format(Instant.ofEpochSecond((long) Math.floor(start))));
    }

    private static double medianSpacing(double[] times) {
        if (times.length < 2) {
            return 1;
        }
        double[] gaps = new double[times.length - 1];
        for (int i = 1; i < times.length; i++) {
            gaps[i - 1] = Math.abs(times[i] - times[i - 1]);
        }
        Arrays.sort(gaps);
        return gaps[gaps.length / 2];
    }
}
