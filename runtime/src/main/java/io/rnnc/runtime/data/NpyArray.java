package io.rnnc.runtime.data;

import java.util.Arrays;

/**
 * An array read from a NumPy {@code .npy} file (or one array of a {@code .npz}), its values
 * converted to double precision in C (row-major) order.
 *
 * @param name the array in messages: the file, or the archive and the array's name
 * @param shape the sizes of the axes; empty for a scalar
 * @param type the element type it was stored in
 * @param values the elements, as many as the shape says
 */
public record NpyArray(String name, int[] shape, NpyType type, double[] values) {
    /** @throws IllegalArgumentException if the number of values does not match the shape */
    public NpyArray {
        shape = shape.clone();
        if (values.length != count(shape)) {
            throw new IllegalArgumentException("a " + Arrays.toString(shape) + " array has " + count(shape)
                    + " values, not " + values.length);
        }
    }

    /**
     * The number of elements of an array of this shape; {@link Long#MAX_VALUE} where that
     * overflows, so that a header's absurd shape is refused rather than wrapped round to a small count.
     */
    static long count(int[] shape) {
        if (Arrays.stream(shape).anyMatch(size -> size == 0)) {
            return 0;
        }
        long n = 1;
        for (int size : shape) {
            try {
                n = Math.multiplyExact(n, size);
            } catch (ArithmeticException e) {
                return Long.MAX_VALUE;
            }
        }
        return n;
    }

    /** The shape (a copy). */
    @Override
    public int[] shape() {
        return shape.clone();
    }

    /** The number of axes. */
    public int rank() {
        return shape.length;
    }

    /** The size of axis {@code i}. */
    public int dim(int i) {
        return shape[i];
    }

    /** The shape as NumPy prints it, such as {@code (3, 4)} or {@code (5,)}. */
    public String shapeText() {
        return shapeText(shape);
    }

    /** A shape as NumPy prints it. */
    static String shapeText(int[] shape) {
        StringBuilder s = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            s.append(i > 0 ? ", " : "").append(shape[i]);
        }
        return s.append(shape.length == 1 ? ",)" : ")").toString();
    }
}
