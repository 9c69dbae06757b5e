package io.rnnc.runtime.layer;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shape of one frame, height × width × channels. A frame is stored flat in that order
 * (channels last, as NumPy image arrays usually are): pixel (i, j), channel c is element
 * {@code (i·width + j)·channels + c}.
 *
 * @param height rows of pixels
 * @param width columns of pixels
 * @param channels values per pixel
 */
public record FrameShape(int height, int width, int channels) {
    private static final Pattern TEXT = Pattern.compile("\\s*(\\d{1,9})\\s*[x×]\\s*(\\d{1,9})\\s*[x×]\\s*(\\d{1,9})\\s*");

    /** @throws IllegalArgumentException if a size is not positive or the frame has more than 2³¹ − 1 values */
    public FrameShape {
        if (height < 1 || width < 1 || channels < 1) {
            throw new IllegalArgumentException("a frame's height, width and channels must be positive but are "
                    + height + "x" + width + "x" + channels);
        }
        if ((long) height * width * channels > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("a frame of " + height + "x" + width + "x" + channels
                    + " has too many values");
        }
    }

    /**
     * The shape written {@code HxWxC}, such as {@code 24x24x1} ({@code ×} is accepted for {@code x}).
     *
     * @throws IllegalArgumentException if the text is not three positive sizes separated by x
     */
    public static FrameShape parse(String text) {
        Matcher m = text == null ? null : TEXT.matcher(text);
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException("a frame shape is written HxWxC, such as 24x24x1, not '" + text + "'");
        }
        return new FrameShape(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                Integer.parseInt(m.group(3)));
    }

    /** The number of values in a frame, height·width·channels. */
    public int size() {
        return height * width * channels;
    }

    /** The number of pixels, height·width. */
    public int pixels() {
        return height * width;
    }

    /** {@code HxWxC}, as {@link #parse} reads it. */
    @Override
    public String toString() {
        return height + "x" + width + "x" + channels;
    }
}
