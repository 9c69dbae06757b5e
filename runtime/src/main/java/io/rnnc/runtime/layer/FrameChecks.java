package io.rnnc.runtime.layer;

/** Checks shared by the frame layers, so that a caller's mistake reads as one clear sentence. */
final class FrameChecks {
    private FrameChecks() {
    }

    /**
     * Checks that {@code frames} holds {@code count} frames of {@code shape}.
     *
     * @throws IllegalArgumentException if it does not
     */
    static void checkFrames(String what, double[] frames, int count, FrameShape shape) {
        if (count < 0) {
            throw new IllegalArgumentException("the number of frames must not be negative but is " + count);
        }
        if (frames == null || frames.length != (long) count * shape.size()) {
            throw new IllegalArgumentException("the " + what + " of " + count + " frames of " + shape + " must hold "
                    + (long) count * shape.size() + " values but has " + (frames == null ? "none" : frames.length));
        }
    }

    /**
     * Checks that {@code pass} was made by {@code layer} and that {@code dy} is the gradient of its
     * output; returns what the pass saved.
     *
     * @param name the layer in messages, such as {@code a 2-D convolution}
     * @throws IllegalArgumentException if either is not
     */
    static Object saved(FrameLayer layer, FrameLayer.Pass pass, double[] dy, String name) {
        if (pass == null || pass.owner() != layer) {
            throw new IllegalArgumentException(name + "'s backward needs a pass made by its own forward");
        }
        checkFrames("output gradient", dy, pass.count(), layer.outputShape());
        return pass.saved();
    }
}
