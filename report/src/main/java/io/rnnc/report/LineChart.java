package io.rnnc.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.font.FontRenderContext;
import java.awt.font.TextLayout;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * A line chart of one or more {@link Series} against a common x axis (step, wall time), each
 * with its band where it has one, drawn with XChart as PNG or SVG. Needs no display, but Java
 * needs a font to measure the labels: a machine without any gets a {@link ChartException}
 * that says which package to install.
 */
public final class LineChart {
    /** Curves with this many points or fewer mark each point: a few evaluations read better as dots on a line. */
    private static final int MARKED_POINTS = 30;
    /** Matplotlib's ten colours: distinct, and familiar from other plots. */
    private static final Color[] PALETTE = {
        new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728), new Color(0x9467bd),
        new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f), new Color(0xbcbd22), new Color(0x17becf)};
    private static final int BAND_ALPHA = 56;
    private static boolean fontsChecked;

    static {
        // Charts are drawn into images, never on a screen: without this a machine with a DISPLAY
        // that cannot be reached (a stale ssh session) fails where a machine without one works.
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final List<Series> series = new ArrayList<>();
    private int width = 800;
    private int height = 500;
    private boolean logarithmic;

    /** An empty chart with a title and axis labels. */
    public LineChart(String title, String xLabel, String yLabel) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
    }

    /** Adds a curve, drawn in the next colour; names must differ. */
    public LineChart add(Series s) {
        if (series.stream().anyMatch(other -> other.name().equals(s.name()))) {
            throw new IllegalArgumentException("two curves named " + s.name());
        }
        series.add(s);
        return this;
    }

    /** The image's size in pixels (800 × 500 unless set). */
    public LineChart size(int width, int height) {
        this.width = width;
        this.height = height;
        return this;
    }

    /**
     * A logarithmic y axis where every value of the curves is above 0 and they span more than a
     * factor of ten (losses falling by orders of magnitude), bands cut off a decade below the
     * lowest value; else, and by default, a linear one.
     */
    public LineChart logarithmicWhereUseful() {
        this.logarithmic = true;
        return this;
    }

    /** The curves, in the order they were added. */
    public List<Series> series() {
        return List.copyOf(series);
    }

    /** The chart as a PNG file's bytes. */
    public byte[] png() {
        try {
            return BitmapEncoder.getBitmapBytes(draw(), BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new ChartException("cannot encode the chart as PNG: " + e.getMessage(), e);
        }
    }

    /** The chart as an SVG file's bytes (text drawn as outlines, so it looks the same everywhere). */
    public byte[] svg() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            VectorGraphicsEncoder.saveVectorGraphic(draw(), out, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
        } catch (IOException e) {
            throw new ChartException("cannot encode the chart as SVG: " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    /** The chart in {@code format}. */
    public byte[] encode(ChartFormat format) {
        return format == ChartFormat.PNG ? png() : svg();
    }

    /**
     * Writes the chart as {@code base.png} and/or {@code base.svg}.
     *
     * @return the files written
     * @throws IOException when a file cannot be written
     */
    public List<Path> write(Path base, Set<ChartFormat> formats) throws IOException {
        List<Path> written = new ArrayList<>();
        for (ChartFormat format : ChartFormat.values()) {
            if (formats.contains(format)) {
                Path file = base.resolveSibling(base.getFileName() + "." + format.extension());
                Files.write(file, encode(format));
                written.add(file);
            }
        }
        return written;
    }

    private XYChart draw() {
        requireFonts();
        XYChart chart = new XYChartBuilder().width(width).height(height).title(title)
                .xAxisTitle(xLabel).yAxisTitle(yLabel).build();
        style(chart.getStyler());
        boolean log = logarithmic && spansDecades();
        chart.getStyler().setYAxisLogarithmic(log);
        Set<String> names = new HashSet<>();
        series.forEach(s -> names.add(s.name()));
        // Bands first, so that every line is drawn over every band.
        for (int i = 0; i < series.size(); i++) {
            if (series.get(i).hasBand()) {
                addBand(chart, series.get(i), colour(i), names, log ? smallestValue() / 10 : Double.NEGATIVE_INFINITY);
            }
        }
        for (int i = 0; i < series.size(); i++) {
            addLine(chart, series.get(i), colour(i));
        }
        unevenTicks(chart);
        return chart;
    }

    /** Whether every finite value of the lines is above 0 and the largest is over ten times the smallest. */
    private boolean spansDecades() {
        double min = smallestValue();
        double max = series.stream().flatMapToDouble(s -> java.util.Arrays.stream(s.y())).filter(Double::isFinite)
                .max().orElse(0);
        return min > 0 && max > 10 * min;
    }

    /** The smallest finite value of the lines. */
    private double smallestValue() {
        return series.stream().flatMapToDouble(s -> java.util.Arrays.stream(s.y())).filter(Double::isFinite).min()
                .orElse(0);
    }

    private static void style(Styler styler) {
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(Color.WHITE);
        styler.setLegendBorderColor(Color.WHITE);
        styler.setLegendPosition(Styler.LegendPosition.OutsideS);
        styler.setLegendLayout(Styler.LegendLayout.Horizontal);
        styler.setChartTitleBoxVisible(false);
        styler.setPlotBorderColor(Color.GRAY);
        if (styler instanceof org.knowm.xchart.style.XYStyler xy) {
            xy.setPlotGridLinesColor(new Color(0xe0e0e0));
            // Wider than XChart's default, so that step numbers of five digits do not run together.
            xy.setXAxisTickMarkSpacingHint(110);
        }
    }

    private static Color colour(int index) {
        return PALETTE[index % PALETTE.length];
    }

    private static void addLine(XYChart chart, Series s, Color colour) {
        XYSeries line = chart.addSeries(s.name(), s.x(), s.y());
        line.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        line.setLineColor(colour);
        line.setLineStyle(new BasicStroke(1.5f));
        line.setMarker(s.size() <= MARKED_POINTS ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
        line.setMarkerColor(colour);
    }

    /**
     * XChart puts a tick at every k-th x value when all the x values are equally spaced (steps 1,
     * 2, 3, …), which crowds the axis of a long run with labels; one invisible point between the
     * first two values makes it choose round ticks at the spacing asked instead.
     */
    private void unevenTicks(XYChart chart) {
        Series first = series.stream().filter(s -> s.size() > 1).findFirst().orElse(null);
        if (first == null) {
            return;
        }
        double[] x = first.x();
        double[] y = first.y();
        XYSeries point = chart.addSeries(" ", new double[] {x[0] + (x[1] - x[0]) / 3}, new double[] {y[0]});
        point.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        point.setMarker(SeriesMarkers.NONE);
        point.setMarkerColor(new Color(0, 0, 0, 0));
        point.setShowInLegend(false);
    }

    /**
     * The band as one polygon: along the upper edge, back along the lower one; gaps (NaN) are
     * skipped, and the lower edge is kept at {@code floor} or above (a logarithmic axis has no 0).
     */
    private static void addBand(XYChart chart, Series s, Color colour, Set<String> names, double floor) {
        double[] x = s.x();
        double[] lower = s.lower();
        double[] upper = s.upper();
        List<double[]> points = new ArrayList<>();
        for (int i = 0; i < x.length; i++) {
            if (!Double.isNaN(upper[i])) {
                points.add(new double[] {x[i], upper[i]});
            }
        }
        for (int i = x.length - 1; i >= 0; i--) {
            if (!Double.isNaN(lower[i])) {
                points.add(new double[] {x[i], Math.max(floor, lower[i])});
            }
        }
        if (points.isEmpty()) {
            return;
        }
        String name = s.name() + " (spread)";
        while (!names.add(name)) {
            name += " ";
        }
        XYSeries band = chart.addSeries(name, points.stream().mapToDouble(p -> p[0]).toArray(),
                points.stream().mapToDouble(p -> p[1]).toArray());
        band.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
        band.setFillColor(new Color(colour.getRed(), colour.getGreen(), colour.getBlue(), BAND_ALPHA));
        band.setLineColor(new Color(0, 0, 0, 0));
        band.setMarker(SeriesMarkers.NONE);
        band.setShowInLegend(false);
    }

    /**
     * Java measures text with the fonts fontconfig finds; with none installed the first
     * measurement fails deep inside AWT with an InternalError. Probing once turns that into a
     * sentence.
     */
    private static synchronized void requireFonts() {
        if (fontsChecked) {
            return;
        }
        try {
            new TextLayout("0", new Font(Font.SANS_SERIF, Font.PLAIN, 12), new FontRenderContext(null, true, true));
        } catch (Error | RuntimeException e) {
            throw new ChartException("cannot draw charts: Java finds no usable font on this machine; install "
                    + "fontconfig and a font (on Debian: apt-get install fontconfig fonts-dejavu-core)", e);
        }
        fontsChecked = true;
    }
}
