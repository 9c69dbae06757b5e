import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Random;

/**
 * Writes the positions of a car driving through a grid of streets, one a second, as a CSV file
 * with a quoted timestamp column and the position in metres east (x) and north (y): the car
 * keeps to the streets, speeds up and slows down, and at each crossing goes straight on or
 * turns left or right at random, turning back at the edge of town; a GPS adds a little noise.
 * Seeds 002 and 003's cars, as data. Seeded: the same arguments give the same file.
 *
 * <pre>java MakePaths.java OUT.csv [SECONDS] [SEED]</pre>
 */
public class MakePaths {
    /** Metres between streets; the town is BLOCKS × BLOCKS blocks. */
    private static final double BLOCK = 100;
    private static final int BLOCKS = 6;

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args.length > 0 ? args[0] : "paths.csv");
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 4000;
        Random rng = new Random(args.length > 2 ? Long.parseLong(args[2]) : 11);
        DateTimeFormatter format = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
        LocalDateTime start = LocalDateTime.of(2024, 5, 1, 8, 0);
        StringBuilder csv = new StringBuilder("\"time\",\"x\",\"y\"\n");
        double x = 2 * BLOCK;
        double y = 3 * BLOCK;
        int dx = 1;
        int dy = 0;
        double speed = 10;
        double target = 10;
        for (int s = 0; s < seconds; s++) {
            csv.append('"').append(start.plusSeconds(s).format(format)).append("\",")
                    .append(String.format(Locale.ROOT, "%.2f,%.2f%n", x + rng.nextGaussian() * 0.5, y + rng.nextGaussian() * 0.5));
            if (rng.nextInt(20) == 0) {
                target = 6 + rng.nextDouble() * 8;
            }
            speed += Math.max(-1.5, Math.min(1.5, target - speed));
            double left = speed;
            while (left > 0) {
                // The distance to the next crossing along the direction of travel.
                double along = dx != 0 ? x : y;
                int direction = dx != 0 ? dx : dy;
                double next = direction > 0 ? Math.floor(along / BLOCK + 1e-9) * BLOCK + BLOCK
                        : Math.ceil(along / BLOCK - 1e-9) * BLOCK - BLOCK;
                double gap = Math.abs(next - along);
                if (gap > left) {
                    x += dx * left;
                    y += dy * left;
                    break;
                }
                x += dx * gap;
                y += dy * gap;
                left -= gap;
                int[] turn = turn(dx, dy, rng);
                dx = turn[0];
                dy = turn[1];
                if (outside(x + dx * BLOCK, y + dy * BLOCK)) {
                    dx = -dx;
                    dy = -dy;
                }
            }
        }
        Files.writeString(out, csv);
    }

    /** Straight on half the time, else left or right. */
    private static int[] turn(int dx, int dy, Random rng) {
        int r = rng.nextInt(4);
        if (r < 2) {
            return new int[] {dx, dy};
        }
        return r == 2 ? new int[] {-dy, dx} : new int[] {dy, -dx};
    }

    private static boolean outside(double x, double y) {
        return x < -1e-6 || y < -1e-6 || x > BLOCKS * BLOCK + 1e-6 || y > BLOCKS * BLOCK + 1e-6;
    }
}
