package io.rnnc.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rnnc.report.Series;
import io.rnnc.runtime.train.LoggedStep;
import io.rnnc.runtime.train.MetricsLog;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `rnnc plot` on metrics files written here as training writes them. */
class PlotCommandTest {
    @TempDir
    Path dir;

    /** A run that logs its training loss every 10 steps and evaluates every 50, {@code offset} above a shared curve. */
    private Path run(Path file, double offset, double secondsPerStep) throws IOException {
        Files.createDirectories(file.getParent());
        try (MetricsLog.Appender out = MetricsLog.create(file)) {
            for (int step = 10; step <= 200; step += 10) {
                LoggedStep s = LoggedStep.at(step).with(MetricsLog.TRAIN_LOSS, 2 * Math.exp(-step / 60.0) + offset)
                        .with(MetricsLog.WALL_S, step * secondsPerStep);
                if (step % 50 == 0) {
                    s = s.with(MetricsLog.EVAL_LOSS, 2.2 * Math.exp(-step / 60.0) + offset).with("accuracy", step / 200.0);
                }
                out.write(s);
            }
        }
        return file;
    }

    @Test
    void drawsEveryRunOnOneChartPerLoss() throws IOException {
        run(dir.resolve("runs/a/model.metrics.jsonl"), 0.5, 0.1);
        run(dir.resolve("runs/b.metrics.jsonl"), 0.7, 0.2);
        Path out = dir.resolve("charts");
        TrainCommandTest.Result r = TrainCommandTest.rnnc("plot", dir.resolve("runs/a/model.safetensors").toString(),
                dir.resolve("runs/b.metrics.jsonl").toString(), "-o", out.toString());
        assertEquals(0, r.status(), r.err());
        for (String metric : new String[] {"train_loss", "eval_loss"}) {
            for (String ext : new String[] {"png", "svg"}) {
                Path chart = out.resolve(metric + "." + ext);
                assertTrue(r.out().contains("wrote " + chart), r.out());
                assertTrue(Files.size(chart) > 1000, chart.toString());
            }
        }
        BufferedImage png = ImageIO.read(out.resolve("train_loss.png").toFile());
        assertEquals(800, png.getWidth());
        assertTrue(Files.readString(out.resolve("eval_loss.svg")).startsWith("<?xml"));
    }

    @Test
    void aDirectoryIsOneConfigurationOverSeeds() throws IOException {
        run(dir.resolve("lstm/seed1.metrics.jsonl"), 0.5, 0.1);
        run(dir.resolve("lstm/seed2.metrics.jsonl"), 0.7, 0.3);
        RunMetrics lstm = RunMetrics.read(dir.resolve("lstm").toString());
        Series byStep = lstm.series(MetricsLog.EVAL_LOSS, MetricsLog.STEP);
        assertArrayEquals(new double[] {50, 100, 150, 200}, byStep.x());
        assertEquals(2.2 * Math.exp(-50 / 60.0) + 0.6, byStep.y()[0], 1e-12);
        assertEquals(0.1 * Math.sqrt(2), byStep.upper()[0] - byStep.y()[0], 1e-12);
        Series byTime = lstm.series(MetricsLog.EVAL_LOSS, MetricsLog.WALL_S);
        assertArrayEquals(new double[] {10, 20, 30, 40}, byTime.x(), 1e-12);
        assertArrayEquals(byStep.y(), byTime.y());

        TrainCommandTest.Result r = TrainCommandTest.rnnc("plot", dir.resolve("lstm").toString(), "--x", "wall",
                "--metric", "accuracy", "--format", "svg", "-o", dir.toString());
        assertEquals(0, r.status(), r.err());
        assertEquals("wrote " + dir.resolve("accuracy.svg") + "\n", r.out());
        assertFalse(Files.exists(dir.resolve("accuracy.png")));
    }

    @Test
    void aRunWithoutTheMetricIsNamedAndTheOthersDrawn() throws IOException {
        run(dir.resolve("a.metrics.jsonl"), 0.5, 0.1);
        Files.writeString(dir.resolve("b.metrics.jsonl"), "{\"step\":10,\"train_loss\":1.5}\n");
        TrainCommandTest.Result r = TrainCommandTest.rnnc("plot", dir.resolve("a.metrics.jsonl").toString(),
                dir.resolve("b.metrics.jsonl").toString(), "-o", dir.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.err().contains("note: " + dir.resolve("b") + " logged no eval_loss"), r.err());
        assertTrue(Files.exists(dir.resolve("eval_loss.png")));
    }

    @Test
    void mistakesAreOneSentenceEach() throws IOException {
        Path a = run(dir.resolve("a.metrics.jsonl"), 0.5, 0.1);
        Files.writeString(dir.resolve("bad.metrics.jsonl"), "{\"step\":1}\n{\"step\":2,\"lr\":\"high\"}\n{\"step\":3}\n");
        Files.writeString(dir.resolve("file"), "not a directory");
        expect(Exit.BAD_INPUT, "rnnc: " + dir.resolve("none.metrics.jsonl") + ": no such file\n", dir.resolve("none.metrics.jsonl").toString());
        expect(Exit.BAD_INPUT, "rnnc: " + dir.resolve("bad.metrics.jsonl") + ":2: `lr` is \"high\", not a number or null\n",
                dir.resolve("bad.metrics.jsonl").toString());
        expect(Exit.BAD_INPUT, "rnnc: no run logged bleu; the runs logged train_loss, wall_s, eval_loss, accuracy\n",
                a.toString(), "--metric", "bleu");
        expect(Exit.BAD_INPUT, "rnnc: " + dir.resolve("empty") + ": holds no metrics files (*.metrics.jsonl)\n",
                Files.createDirectories(dir.resolve("empty")).toString());
        expect(Exit.USAGE, "rnnc: --x takes step or wall, not epoch (see `rnnc plot --help`)\n", a.toString(), "--x", "epoch");
        expect(Exit.USAGE, "rnnc: --format takes png, svg or both (png,svg), not pdf (see `rnnc plot --help`)\n",
                a.toString(), "--format", "pdf");
        TrainCommandTest.Result r = TrainCommandTest.rnnc("plot", a.toString(), "-o", dir.resolve("file/charts").toString());
        assertEquals(Exit.UNAVAILABLE, r.status(), r.err());
        assertTrue(r.err().startsWith("rnnc: " + dir.resolve("file/charts") + ": cannot write the charts ("), r.err());
    }

    private static void expect(int status, String err, String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "plot";
        System.arraycopy(args, 0, all, 1, args.length);
        TrainCommandTest.Result r = TrainCommandTest.rnnc(all);
        assertEquals(err, r.err());
        assertEquals(status, r.status());
    }
}
