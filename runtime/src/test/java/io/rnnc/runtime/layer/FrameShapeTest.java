package io.rnnc.runtime.layer;

import static io.rnnc.runtime.layer.DenseTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Frame shapes are written HxWxC and read back. */
class FrameShapeTest {

    @Test
    void readsAndWritesHeightWidthChannels() {
        FrameShape s = FrameShape.parse("24x32x3");
        assertEquals(new FrameShape(24, 32, 3), s);
        assertEquals("24x32x3", s.toString());
        assertEquals(24 * 32 * 3, s.size());
        assertEquals(24 * 32, s.pixels());
        assertEquals(s, FrameShape.parse(" 24 × 32 × 3 "));
    }

    @Test
    void rejectsWhatIsNotAShape() {
        assertMessage(() -> FrameShape.parse("24x24"), "written HxWxC, such as 24x24x1, not '24x24'");
        assertMessage(() -> FrameShape.parse("24x24x-1"), "HxWxC");
        assertMessage(() -> FrameShape.parse(null), "HxWxC");
        assertMessage(() -> FrameShape.parse("0x24x1"), "must be positive but are 0x24x1");
        assertMessage(() -> FrameShape.parse("65536x65536x1"), "too many values");
    }
}
