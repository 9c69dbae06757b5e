package io.rnnc.runtime.data;

import io.rnnc.runtime.layer.FrameShape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * A generated data set of "gestures": a bright disc moves across small grey frames along one of
 * six paths, in noise, with a distractor (a cross wandering at random). The class is the path.
 *
 * <p>The classes come in pairs that are each other played backwards: right and left, down and
 * up, clockwise and anticlockwise arcs. Each path of a pair is drawn from the same distribution
 * as the other's reversal, so the set of frames of a sequence says nothing about which of the
 * pair it is; only their order does. A model that looks at frames one at a time and averages
 * what it sees can therefore tell at best the pair, 50% accuracy; a model that reads the
 * sequence in order can tell the class.
 */
public final class Gestures {
    /** The paths, by class id. */
    public enum Gesture {
        /** Left to right along a row. */
        RIGHT,
        /** Right to left along a row. */
        LEFT,
        /** Top to bottom along a column. */
        DOWN,
        /** Bottom to top along a column. */
        UP,
        /** An arc, clockwise on screen. */
        CLOCKWISE,
        /** An arc, anticlockwise on screen. */
        ANTICLOCKWISE;

        /** The class name, such as {@code right}. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * What is drawn.
     *
     * @param size the side of each frame in pixels, at least 12
     * @param minFrames the fewest frames of a sequence, at least 2
     * @param maxFrames the most frames of a sequence
     * @param noise the standard deviation of the Gaussian noise on every pixel (intensities 0 to 1)
     * @param distractors wandering crosses drawn in every frame besides the disc
     */
    public record Settings(int size, int minFrames, int maxFrames, double noise, int distractors) {
        /** The sample's settings: 24×24 frames, 10 to 16 of them, noise 0.15, one distractor. */
        public static final Settings SAMPLE = new Settings(24, 10, 16, 0.15, 1);

        /** @throws IllegalArgumentException if a setting is out of range */
        public Settings {
            if (size < 12 || size > 1024) {
                throw new IllegalArgumentException("gesture frames must be 12 to 1024 pixels a side, not " + size);
            }
            if (minFrames < 2 || maxFrames < minFrames || maxFrames > 10_000) {
                throw new IllegalArgumentException("gestures need 2 ≤ minFrames ≤ maxFrames ≤ 10000, not "
                        + minFrames + " and " + maxFrames);
            }
            if (!(noise >= 0 && noise <= 1) || distractors < 0 || distractors > 10) {
                throw new IllegalArgumentException("gesture noise must lie in [0, 1] and distractors in [0, 10], not "
                        + noise + " and " + distractors);
            }
        }
    }

    private static final double DISC_RADIUS = 2.2;
    private static final int CROSS_ARM = 2;
    /** The largest step of a distractor's random walk, in pixels a frame. */
    private static final double WANDER = 1.5;
    /** The largest random displacement of the disc from its path, in pixels. */
    private static final double JITTER = 0.5;

    private Gestures() {
    }

    /**
     * {@code count} sequences, classes drawn uniformly, reproducible from {@code seed}. Pixel
     * values are multiples of 1/255 in [0, 1], so they survive being stored as uint8.
     *
     * @throws IllegalArgumentException if {@code count} is not positive
     */
    public static FrameSequences generate(int count, Settings settings, long seed) {
        if (count < 1) {
            throw new IllegalArgumentException("the number of gesture sequences must be positive but is " + count);
        }
        Random rng = new Random(seed);
        List<double[][]> sequences = new ArrayList<>();
        List<int[]> labels = new ArrayList<>();
        for (int n = 0; n < count; n++) {
            Gesture g = Gesture.values()[rng.nextInt(Gesture.values().length)];
            int frames = settings.minFrames() + rng.nextInt(settings.maxFrames() - settings.minFrames() + 1);
            sequences.add(render(path(g, frames, settings.size(), rng), settings, rng));
            labels.add(new int[] {g.ordinal()});
        }
        List<String> classes = Arrays.stream(Gesture.values()).map(Gesture::label).toList();
        return new FrameSequences(new FrameShape(settings.size(), settings.size(), 1), sequences, labels, false,
                classes);
    }

    /** The disc's centre (row, column) at each frame. */
    static double[][] path(Gesture g, int frames, int size, Random rng) {
        double[][] at = new double[frames][];
        double margin = size / 8.0;
        double lineStart = margin + rng.nextDouble() * size / 6;
        double lineEnd = size - 1 - margin - rng.nextDouble() * size / 6;
        double across = margin + rng.nextDouble() * (size - 1 - 2 * margin);
        double centreRow = (size - 1) / 2.0 + (rng.nextDouble() - 0.5) * size / 8;
        double centreCol = (size - 1) / 2.0 + (rng.nextDouble() - 0.5) * size / 8;
        double radius = size * (0.2 + rng.nextDouble() * 0.1);
        double startAngle = rng.nextDouble() * 2 * Math.PI;
        double sweep = Math.PI * (1.25 + rng.nextDouble() * 0.5);
        for (int t = 0; t < frames; t++) {
            double s = t / (frames - 1.0);
            double along = lineStart + s * (lineEnd - lineStart);
            double back = lineEnd + s * (lineStart - lineEnd);
            // Rows grow downwards, so a growing angle turns clockwise on screen.
            double angle = startAngle + (g == Gesture.CLOCKWISE ? s : -s) * sweep;
            at[t] = switch (g) {
                case RIGHT -> new double[] {across, along};
                case LEFT -> new double[] {across, back};
                case DOWN -> new double[] {along, across};
                case UP -> new double[] {back, across};
                case CLOCKWISE, ANTICLOCKWISE -> new double[] {centreRow + radius * Math.sin(angle),
                    centreCol + radius * Math.cos(angle)};
            };
            at[t][0] += (rng.nextDouble() * 2 - 1) * JITTER;
            at[t][1] += (rng.nextDouble() * 2 - 1) * JITTER;
        }
        return at;
    }

    /** The frames: noise, the distractors' crosses, the disc on top; quantised to multiples of 1/255. */
    private static double[][] render(double[][] disc, Settings settings, Random rng) {
        int size = settings.size();
        double[][] wanderers = new double[settings.distractors()][];
        for (int d = 0; d < wanderers.length; d++) {
            wanderers[d] = new double[] {rng.nextDouble() * (size - 1), rng.nextDouble() * (size - 1)};
        }
        double[][] frames = new double[disc.length][size * size];
        for (int t = 0; t < disc.length; t++) {
            double[] f = frames[t];
            for (int i = 0; i < f.length; i++) {
                f[i] = rng.nextGaussian() * settings.noise();
            }
            for (double[] w : wanderers) {
                drawCross(f, size, (int) Math.round(w[0]), (int) Math.round(w[1]));
                for (int k = 0; k < 2; k++) {
                    w[k] = Math.min(size - 1, Math.max(0, w[k] + (rng.nextDouble() * 2 - 1) * WANDER));
                }
            }
            drawDisc(f, size, disc[t][0], disc[t][1]);
            for (int i = 0; i < f.length; i++) {
                f[i] = Math.round(Math.min(1, Math.max(0, f[i])) * 255) / 255.0;
            }
        }
        return frames;
    }

    private static void drawDisc(double[] f, int size, double row, double col) {
        for (int i = 0; i < size; i++) {
            for (int j = 0; j < size; j++) {
                double dr = i - row;
                double dc = j - col;
                if (dr * dr + dc * dc <= DISC_RADIUS * DISC_RADIUS) {
                    f[i * size + j] = 1;
                }
            }
        }
    }

    private static void drawCross(double[] f, int size, int row, int col) {
        for (int k = -CROSS_ARM; k <= CROSS_ARM; k++) {
            set(f, size, row + k, col);
            set(f, size, row, col + k);
        }
    }

    private static void set(double[] f, int size, int row, int col) {
        if (row >= 0 && row < size && col >= 0 && col < size) {
            f[row * size + col] = 1;
        }
    }
}
