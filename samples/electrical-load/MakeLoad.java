import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Random;

/**
 * Writes an hourly electrical load series as a CSV file the way pandas writes one with
 * {@code quoting=csv.QUOTE_NONNUMERIC}: a quoted header, a quoted timestamp column, then the
 * outside temperature (°C) and the load (MW). The load is about 1,000 ± 300 MW: a daily cycle
 * with morning and evening peaks, lower at weekends, higher when it is cold, with noise that
 * wanders from hour to hour; the temperature has a daily cycle and a slow seasonal rise.
 * Seeded: the same arguments give the same file.
 *
 * <pre>java MakeLoad.java OUT.csv [HOURS] [SEED]</pre>
 */
public class MakeLoad {
    public static void main(String[] args) throws IOException {
        Path out = Path.of(args.length > 0 ? args[0] : "load.csv");
        int hours = args.length > 1 ? Integer.parseInt(args[1]) : 3000;
        Random rng = new Random(args.length > 2 ? Long.parseLong(args[2]) : 2024);
        DateTimeFormatter format = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
        LocalDateTime start = LocalDateTime.of(2024, 1, 1, 0, 0);
        StringBuilder csv = new StringBuilder("\"date\",\"temp\",\"load\"\n");
        double weather = 0;
        double noise = 0;
        for (int h = 0; h < hours; h++) {
            LocalDateTime at = start.plusHours(h);
            int hour = at.getHour();
            boolean weekend = at.getDayOfWeek().getValue() >= 6;
            weather = 0.97 * weather + rng.nextGaussian() * 0.6;
            double temp = 2 + 10.0 * h / 3000 + 4 * Math.sin(2 * Math.PI * (hour - 9) / 24) + weather;
            noise = 0.8 * noise + rng.nextGaussian() * 14;
            double daily = bump(hour, 8.5, 2.5) * 700 + bump(hour, 19, 2.8) * 900 + bump(hour, 13, 4) * 350;
            double load = 290 + daily * (weekend ? 0.72 : 1.0) - (weekend ? 60 : 0) + 20 * Math.max(0, 16 - temp) + noise;
            csv.append('"').append(at.format(format)).append("\",")
                    .append(String.format(Locale.ROOT, "%.1f,%.1f%n", temp, load));
        }
        Files.writeString(out, csv);
    }

    /** A smooth bump of height 1 at {@code peak} o'clock, {@code width} hours wide, wrapping round midnight. */
    private static double bump(int hour, double peak, double width) {
        double d = Math.abs(hour - peak);
        d = Math.min(d, 24 - d);
        return Math.exp(-d * d / (2 * width * width));
    }
}
