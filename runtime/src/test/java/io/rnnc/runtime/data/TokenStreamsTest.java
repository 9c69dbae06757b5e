package io.rnnc.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TokenStreamsTest {
    private static final int[] IDS = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1};

    @Test
    void streamsAreContiguousAndTargetsAreTheNextToken() {
        TokenStreams s = new TokenStreams(IDS, 2, 10, "t");
        assertEquals(6, s.streamLength());
        Batch first = s.window(0, 3);
        Batch second = s.window(3, 3);
        int[][] t1 = ((Targets.StepClasses) first.targets()).ids();
        int[][] t2 = ((Targets.StepClasses) second.targets()).ids();
        assertArrayEquals(new int[] {1, 7}, t1[0]);
        assertArrayEquals(new int[] {3, 9}, t1[2]);
        assertArrayEquals(new int[] {4, 0}, t2[0]);
        assertEquals(1.0, first.x()[1][1][7]);
        assertEquals(1.0, second.x()[0][0][3], "window 2 continues where window 1 stopped");
    }

    @Test
    void lastWindowIsCutShort() {
        TokenStreams s = new TokenStreams(IDS, 2, 10, "t");
        assertEquals(5, s.positions());
        Batch last = s.window(3, 4);
        assertEquals(2, last.x().length);
        assertArrayEquals(new int[] {2, 2}, last.lengths());
    }

    @Test
    void tooShortATextIsAnErrorNamingTheFile() {
        DataException e = assertThrows(DataException.class, () -> new TokenStreams(new int[] {1, 2, 3}, 2, 4, "tiny.txt"));
        assertTrue(e.getMessage().startsWith("tiny.txt: has 3 tokens"), e.getMessage());
    }
}
