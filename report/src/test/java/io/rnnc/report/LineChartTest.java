package io.rnnc.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/** Charts drawn without a display, as PNG and as SVG, with each curve and band in its colour. */
class LineChartTest {
    private static final Color FIRST = new Color(0x1f77b4);
    private static final Color SECOND = new Color(0xff7f0e);

    private static LineChart twoRuns() {
        double[] steps = new double[100];
        double[] a = new double[100];
        double[] b = new double[100];
        for (int i = 0; i < steps.length; i++) {
            steps[i] = 10 * i;
            a[i] = 3 * Math.exp(-i / 20.0) + 0.5;
            b[i] = 2 * Math.exp(-i / 30.0) + 0.7;
        }
        double[] lower = a.clone();
        double[] upper = a.clone();
        for (int i = 0; i < a.length; i++) {
            lower[i] -= 0.3;
            upper[i] += 0.3;
        }
        return new LineChart("train_loss", "step", "train_loss")
                .add(new Series("lstm", steps, a, lower, upper))
                .add(Series.of("gru", steps, b));
    }

    @Test
    void pngShowsEveryCurveAndTheBand() throws IOException {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(twoRuns().png()));
        assertEquals(800, image.getWidth());
        assertEquals(500, image.getHeight());
        assertTrue(count(image, FIRST) > 200, "the first curve is drawn");
        assertTrue(count(image, SECOND) > 200, "the second curve is drawn");
        // The band is the first colour at low opacity over white: a pale blue.
        Color band = blend(FIRST, 56);
        assertTrue(countNear(image, band) > 5000, "the band is filled");
    }

    /** Losses over three decades on a logarithmic axis, with a band whose lower edge goes below 0 (a wide spread). */
    @Test
    void aLogarithmicAxisTakesABandThatReachesBelowZero() throws IOException {
        double[] steps = {1, 2, 3, 4, 5};
        LineChart chart = new LineChart("loss", "step", "loss").logarithmicWhereUseful()
                .add(new Series("lstm", steps, new double[] {1, 0.1, 0.01, 0.005, 0.001},
                        new double[] {-0.5, 0.05, 0.001, -0.01, 0.0005}, new double[] {2, 0.2, 0.02, 0.01, 0.002}));
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(chart.png()));
        assertTrue(count(image, FIRST) > 100, "the curve is drawn");
        assertTrue(chart.svg().length > 0);
    }

    @Test
    void svgIsAnSvgDocumentOfTheSameSize() throws Exception {
        byte[] svg = twoRuns().svg();
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        // The SVG names the W3C DTD; nothing is fetched.
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        Document doc = factory.newDocumentBuilder().parse(new ByteArrayInputStream(svg));
        assertEquals("svg", doc.getDocumentElement().getTagName());
        assertEquals("0 0 800 500", doc.getDocumentElement().getAttribute("viewBox"));
        String text = new String(svg, java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(text.contains("rgb(31,119,180)"), "the first curve's colour");
        assertTrue(text.contains("rgb(255,127,14)"), "the second curve's colour");
    }

    @Test
    void writesTheFormatsAskedFor(@TempDir Path dir) throws IOException {
        List<Path> written = twoRuns().write(dir.resolve("loss"), EnumSet.of(ChartFormat.SVG));
        assertEquals(List.of(dir.resolve("loss.svg")), written);
        assertTrue(Files.size(written.get(0)) > 1000);
        assertEquals(List.of(dir.resolve("loss.png"), dir.resolve("loss.svg")),
                twoRuns().write(dir.resolve("loss"), EnumSet.allOf(ChartFormat.class)));
    }

    @Test
    void aGapInTheDataIsAGapInTheLine() throws IOException {
        double[] x = {0, 1, 2, 3, 4};
        LineChart chart = new LineChart("t", "x", "y").add(Series.of("a", x, new double[] {1, 2, Double.NaN, 2, 1}));
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(chart.png()));
        assertTrue(count(image, FIRST) > 50);
    }

    @Test
    void curvesNeedDistinctNames() {
        LineChart chart = new LineChart("t", "x", "y").add(Series.of("a", new double[] {1}, new double[] {1}));
        assertThrows(IllegalArgumentException.class, () -> chart.add(Series.of("a", new double[] {2}, new double[] {2})));
        assertThrows(IllegalArgumentException.class, () -> Series.of("b", new double[] {1, 2}, new double[] {1}));
    }

    @Test
    void aForecastIsDrawnAgainstTheTruth() throws IOException {
        double[] t = {0, 1, 2, 3};
        LineChart chart = ForecastChart.of("load", "hour", "MW", t, new double[] {1, 2, 3, 4}, new double[] {Double.NaN, 2.1, 2.9, 4.2});
        assertEquals(List.of("truth", "forecast"), chart.series().stream().map(Series::name).toList());
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(chart.png()));
        assertTrue(count(image, FIRST) > 50 && count(image, SECOND) > 50);
    }

    private static int count(BufferedImage image, Color colour) {
        int n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) & 0xffffff) == (colour.getRGB() & 0xffffff)) {
                    n++;
                }
            }
        }
        return n;
    }

    private static int countNear(BufferedImage image, Color colour) {
        int n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                Color c = new Color(image.getRGB(x, y));
                if (Math.abs(c.getRed() - colour.getRed()) + Math.abs(c.getGreen() - colour.getGreen())
                        + Math.abs(c.getBlue() - colour.getBlue()) < 12) {
                    n++;
                }
            }
        }
        return n;
    }

    private static Color blend(Color c, int alpha) {
        double a = alpha / 255.0;
        return new Color((int) Math.round(255 * (1 - a) + c.getRed() * a), (int) Math.round(255 * (1 - a) + c.getGreen() * a),
                (int) Math.round(255 * (1 - a) + c.getBlue() * a));
    }
}
