package io.rnnc.runtime.tensor;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Memory is counted without wrapping round, and what does not fit is refused with both numbers. */
class HeapLimitTest {
    @Test
    void amountsSaturateInsteadOfWrappingRound() {
        assertEquals(Long.MAX_VALUE, HeapLimit.multiply(4_000_000_000L, 4_000_000_000L));
        assertEquals(Long.MAX_VALUE, HeapLimit.add(Long.MAX_VALUE, 8));
        assertEquals(-3, HeapLimit.multiply(-1, 3));
        assertEquals("512 bytes", HeapLimit.format(512));
        assertEquals("1.5 KB", HeapLimit.format(1536));
        assertEquals("8.0 EB", HeapLimit.format(Long.MAX_VALUE));
    }

    @Test
    void aNeedBeyondTheHeapIsRefusedWithBothNumbers() {
        assertDoesNotThrow(() -> HeapLimit.require(HeapLimit.heap(), "all of it", "do less"));
        HeapLimit.Exceeded e = assertThrows(HeapLimit.Exceeded.class,
                () -> HeapLimit.require(HeapLimit.heap() + 1, "a big thing", "use a smaller one"));
        assertTrue(e.getMessage().startsWith("a big thing needs " + HeapLimit.format(HeapLimit.heap() + 1)
                + " of memory, and the JVM may use " + HeapLimit.format(HeapLimit.heap())
                + "; use a smaller one, or give Java more memory (JDK_JAVA_OPTIONS=-Xmx<size>)"), e.getMessage());
        e = assertThrows(HeapLimit.Exceeded.class, () -> HeapLimit.require(Long.MAX_VALUE, "x", "y"));
        assertTrue(e.getMessage().startsWith("x needs more than 8.0 EB"), e.getMessage());
    }
}
