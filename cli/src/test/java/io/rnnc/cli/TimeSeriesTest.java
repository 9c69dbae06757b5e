package io.rnnc.cli;

import static io.rnnc.cli.TrainCommandTest.rnnc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A time series as people have it: an hourly electrical load beside the temperature, as pandas
 * writes a CSV file (quoted header, quoted timestamps; made by samples/electrical-load/MakeLoad.java).
 * The timestamp is the time axis, every column is standardised, windows overlap, errors are in
 * the data's units, and the model beats the persistence forecast.
 */
class TimeSeriesTest {
    private static final Path LOAD = Path.of("src/test/resources/data/load.csv");
    private static final Pattern RESULT = Pattern.compile(
            "held-out mean squared error ([0-9.e+-]+) \\(persistence forecast: ([0-9.e+-]+)\\) over (\\d+) forecasts");

    private static String[] train(Path ckpt, String... more) {
        String[] base = {"train", "--cell", "stdlib:gru", "--task", "regress", "--data", LOAD.toString(), "--steps", "48",
            "--hidden", "16", "--batch", "32", "--lr", "0.01", "--checkpoint", ckpt.toString()};
        String[] all = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    @Test
    void theModelBeatsThePersistenceForecastInTheDataUnits(@TempDir Path dir) throws Exception {
        Path ckpt = dir.resolve("load.safetensors");
        TrainCommandTest.Result r = rnnc(train(ckpt, "--max-steps", "150"));
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("data: 2700 rows to train on, 300 forecasts held out (the last 0.1); reading temp, "
                + "load, standardised on the training rows; time: `date`; forecasting `load` 1 step ahead"), r.out());
        Matcher m = RESULT.matcher(r.out());
        assertTrue(m.find(), r.out());
        double model = Double.parseDouble(m.group(1));
        double persistence = Double.parseDouble(m.group(2));
        assertEquals(300, Integer.parseInt(m.group(3)));
        // Hour-to-hour changes of a load near 1,000 MW: the persistence forecast is off by about 110 MW.
        assertTrue(persistence > 5_000 && persistence < 20_000, "persistence " + persistence);
        assertTrue(model < persistence / 4, "model " + model + " against persistence " + persistence);
        assertTrue(Files.size(dir.resolve("load.forecast.png")) > 0, "the forecast plot");
        assertTrue(Files.readString(dir.resolve("load.forecast.svg")).contains("<svg"));
    }

    @Test
    void severalStepsAheadOfChosenColumns(@TempDir Path dir) throws Exception {
        Path ckpt = dir.resolve("h.safetensors");
        TrainCommandTest.Result r = rnnc(train(ckpt, "--max-steps", "4", "--columns", "load", "--horizon", "3",
                "--stride", "24"));
        assertEquals(0, r.status(), r.err());
        // Windows of 48 rows every 24, each step's last target inside the first 2,700 rows: 111 windows.
        assertTrue(r.out().contains("4 steps (4 per epoch)"), r.out());
        assertTrue(r.out().contains("reading load, standardised on the training rows; time: `date`; forecasting `load` "
                + "1 to 3 steps ahead"), r.out());
        assertTrue(r.out().contains("over 298 forecasts"), "the last origins lack their third step: " + r.out());
        Path next = Files.writeString(dir.resolve("next.csv"), String.join("\n",
                Files.readAllLines(LOAD).subList(0, 31)) + "\n");
        TrainCommandTest.Result p = rnnc("predict", "--checkpoint", ckpt.toString(), next.toString());
        assertEquals(0, p.status(), p.err());
        List<String> lines = p.out().lines().toList();
        assertEquals("row,load+1,load+2,load+3", lines.get(0));
        assertEquals(30, lines.size() - 1);
    }

    @Test
    void columnsThatAreNotNumbersAreNamed(@TempDir Path dir) throws Exception {
        Path csv = Files.writeString(dir.resolve("c.csv"), "\"when\",\"city\",\"load\"\n"
                + "\"2024-01-01 00:00\",\"Oslo\",1\n".repeat(30));
        TrainCommandTest.Result r = rnnc("train", "--cell", "stdlib:gru", "--task", "regress", "--data", csv.toString(),
                "--checkpoint", dir.resolve("c.safetensors").toString());
        assertEquals(Exit.BAD_INPUT, r.status());
        assertTrue(r.err().contains("c.csv:2: `Oslo` in column `city` is not a finite number; choose the input columns "
                + "with --columns"), r.err());
        TrainCommandTest.Result chosen = rnnc("train", "--cell", "stdlib:gru", "--task", "regress", "--data",
                csv.toString(), "--columns", "load", "--max-steps", "1", "--hidden", "4", "--steps", "5",
                "--checkpoint", dir.resolve("c.safetensors").toString());
        assertEquals(0, chosen.status(), chosen.err());
        TrainCommandTest.Result target = rnnc("train", "--cell", "stdlib:gru", "--task", "regress", "--data",
                csv.toString(), "--columns", "load", "--target", "price", "--checkpoint",
                dir.resolve("c.safetensors").toString());
        assertEquals(Exit.BAD_INPUT, target.status());
        assertTrue(target.err().contains("c.csv: has no column `price`; its columns are when, city, load"), target.err());
    }
}
