package io.rnnc.runtime.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.rnnc.runtime.data.Targets;
import io.rnnc.runtime.data.TokenStreams;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StreamWindowsTest {
    private static final int[] IDS = new int[41];

    static {
        for (int i = 0; i < IDS.length; i++) {
            IDS[i] = i % 7;
        }
    }

    private static States marker(double v) {
        return new States(List.of(Map.of("h", new double[][][] {{{v}}})));
    }

    @Test
    void eachUpdateBackpropagatesK2StepsButCountsTheLossOnlyOnItsLastK1() {
        StreamWindows w = new StreamWindows(new TokenStreams(IDS, 1, 7, "t"), 4, 8);
        assertEquals(10, w.stepsPerEpoch());
        StepSource.Work first = w.work(0);
        assertEquals(4, first.batch().x().length, "the first window has nothing before it");
        w.finished(0, marker(1));
        StepSource.Work second = w.work(1);
        assertEquals(8, second.batch().x().length);
        int[][] ids = ((Targets.StepClasses) second.batch().targets()).ids();
        for (int t = 0; t < 4; t++) {
            assertArrayEquals(new int[] {-1}, ids[t], "step " + t + " was already counted");
        }
        assertEquals((4 + 1) % 7, ids[4][0]);
        assertEquals(0, second.initial().layers().size(), "window [0, 8) starts from the zero state");
        w.finished(1, marker(2));
        States third = w.work(2).initial();
        assertEquals(1.0, third.layer(0).get("h")[0][0][0], "window [4, 12) starts from the state at 4");
    }

    @Test
    void carriedStatesSurviveASaveAndRestore() {
        TokenStreams streams = new TokenStreams(IDS, 1, 7, "t");
        StreamWindows w = new StreamWindows(streams, 4, 8);
        w.work(0);
        w.finished(0, marker(1));
        w.work(1);
        w.finished(1, marker(2));
        StreamWindows resumed = new StreamWindows(streams, 4, 8);
        resumed.restore(w.carried());
        assertEquals(1.0, resumed.work(2).initial().layer(0).get("h")[0][0][0]);
    }

    @Test
    void everyEpochStartsFromZero() {
        StreamWindows w = new StreamWindows(new TokenStreams(IDS, 1, 7, "t"), 4, 4);
        for (int s = 0; s < 10; s++) {
            w.work(s);
            w.finished(s, marker(s));
        }
        assertEquals(0, w.work(10).initial().layers().size());
    }

    @Test
    void k2MustBeAMultipleOfK1() {
        assertThrows(IllegalArgumentException.class, () -> new StreamWindows(new TokenStreams(IDS, 1, 7, "t"), 4, 6));
    }
}
