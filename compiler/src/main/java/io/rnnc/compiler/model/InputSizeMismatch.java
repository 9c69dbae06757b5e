package io.rnnc.compiler.model;

import io.rnnc.compiler.check.Size;

/**
 * A recurrent layer's cell reads inputs of another size than the layer receives: the cell's
 * equations tie its input size to other sizes (a stray {@code + x_t} makes it H), and the data
 * or the layer below gives another. Found before anything runs.
 */
public final class InputSizeMismatch extends IllegalArgumentException {
    private final int layer;
    private final int received;
    private final Size needed;
    private final int neededValue;

    /**
     * @param layer the recurrent layer, from 0
     * @param received features per step the layer receives
     * @param needed the cell's input size
     * @param neededValue its value at the model's sizes
     */
    public InputSizeMismatch(int layer, int received, Size needed, int neededValue) {
        super("recurrent layer " + (layer + 1) + " receives " + received + " features per step, but its cell reads "
                + needed + " = " + neededValue);
        this.layer = layer;
        this.received = received;
        this.needed = needed;
        this.neededValue = neededValue;
    }

    /** The recurrent layer, from 0. */
    public int layer() {
        return layer;
    }

    /** Features per step the layer receives. */
    public int received() {
        return received;
    }

    /** The cell's input size. */
    public Size needed() {
        return needed;
    }

    /** Its value at the model's sizes. */
    public int neededValue() {
        return neededValue;
    }
}
