package io.rnnc.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rnnc.runtime.data.Gestures.Gesture;
import io.rnnc.runtime.layer.FrameShape;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gesture data set: reproducible, well formed, and its classes pair up as each other's reversal. */
class GesturesTest {
    private static final Gestures.Settings SMALL = new Gestures.Settings(16, 4, 7, 0.1, 2);

    @Test
    void isReproducibleFromItsSeed() {
        FrameSequences a = Gestures.generate(20, SMALL, 7);
        FrameSequences b = Gestures.generate(20, SMALL, 7);
        FrameSequences c = Gestures.generate(20, SMALL, 8);
        for (int n = 0; n < 20; n++) {
            assertTrue(Arrays.deepEquals(a.sequences().get(n), b.sequences().get(n)), "sequence " + n);
            assertArrayEquals(a.labels().get(n), b.labels().get(n));
        }
        assertFalse(Arrays.deepEquals(a.sequences().get(0), c.sequences().get(0)));
    }

    @Test
    void drawsEveryClassInFramesOfTheAskedShapeAndLength() {
        FrameSequences g = Gestures.generate(300, SMALL, 1);
        assertEquals(new FrameShape(16, 16, 1), g.shape());
        assertEquals(List.of("right", "left", "down", "up", "clockwise", "anticlockwise"), g.classes());
        int[] perClass = new int[6];
        for (int n = 0; n < 300; n++) {
            double[][] seq = g.sequences().get(n);
            assertTrue(seq.length >= 4 && seq.length <= 7, "length " + seq.length);
            perClass[g.labels().get(n)[0]]++;
            for (double[] frame : seq) {
                assertEquals(256, frame.length);
                for (double v : frame) {
                    assertTrue(v >= 0 && v <= 1 && v * 255 == Math.rint(v * 255), "a uint8 level: " + v);
                }
            }
        }
        for (int count : perClass) {
            assertTrue(count > 30, "each class drawn about 50 times: " + Arrays.toString(perClass));
        }
    }

    @Test
    void survivesAnArchiveUnchanged(@TempDir Path dir) throws IOException {
        FrameSequences g = Gestures.generate(12, SMALL, 3);
        Path file = dir.resolve("gestures.npz");
        g.write(file);
        FrameSequences back = FrameSequences.read(file);
        assertEquals(g.shape(), back.shape());
        for (int n = 0; n < 12; n++) {
            assertTrue(Arrays.deepEquals(g.sequences().get(n), back.sequences().get(n)), "sequence " + n);
            assertArrayEquals(g.labels().get(n), back.labels().get(n));
        }
    }

    @Test
    void linesPairUpAsEachOtherPlayedBackwards() {
        for (Gesture[] pair : new Gesture[][] {{Gesture.RIGHT, Gesture.LEFT}, {Gesture.DOWN, Gesture.UP}}) {
            for (long seed = 0; seed < 20; seed++) {
                double[][] forward = Gestures.path(pair[0], 9, 24, new Random(seed));
                double[][] backward = Gestures.path(pair[1], 9, 24, new Random(seed));
                for (int t = 0; t < 9; t++) {
                    for (int k = 0; k < 2; k++) {
                        // Equal up to the two paths' independent jitter of at most half a pixel each.
                        assertEquals(forward[t][k], backward[8 - t][k], 1.0, pair[0] + " step " + t);
                    }
                }
            }
        }
    }

    @Test
    void arcsTurnTheWayTheirClassSays() {
        for (Gesture g : new Gesture[] {Gesture.CLOCKWISE, Gesture.ANTICLOCKWISE}) {
            for (long seed = 0; seed < 20; seed++) {
                double[][] p = Gestures.path(g, 12, 24, new Random(seed));
                double turning = 0;
                for (int t = 1; t + 1 < p.length; t++) {
                    // The cross product of successive moves; rows grow downwards, so positive is clockwise on screen.
                    double[] a = {p[t][0] - p[t - 1][0], p[t][1] - p[t - 1][1]};
                    double[] b = {p[t + 1][0] - p[t][0], p[t + 1][1] - p[t][1]};
                    turning += a[1] * b[0] - a[0] * b[1];
                }
                assertEquals(g == Gesture.CLOCKWISE, turning > 0, g + " seed " + seed + " turns " + turning);
            }
        }
    }

    @Test
    void refusesSettingsOutOfRange() {
        assertThrows(IllegalArgumentException.class, () -> new Gestures.Settings(8, 4, 7, 0.1, 1));
        assertThrows(IllegalArgumentException.class, () -> new Gestures.Settings(24, 7, 4, 0.1, 1));
        assertThrows(IllegalArgumentException.class, () -> new Gestures.Settings(24, 4, 7, -0.1, 1));
        assertThrows(IllegalArgumentException.class, () -> Gestures.generate(0, SMALL, 1));
    }
}
