package io.rnnc.runtime.tensor;

import java.util.Arrays;
import java.util.Objects;

/**
 * A dense, row-major tensor of {@code double} values.
 *
 * <p>The shape is fixed at construction; the values live in a flat array whose last index varies
 * fastest. A tensor of rank 0 (shape {@code []}) is a scalar holding exactly one value.
 */
public final class Tensor {

    private final int[] shape;
    private final double[] data;

    /**
     * Wraps {@code data} as a tensor of the given shape. The shape is copied; the data array is
     * not, so later writes to it are visible through this tensor.
     *
     * @param shape the size of each dimension, outermost first; every size must be non-negative
     * @param data the values in row-major order; its length must equal the product of the shape
     * @throws IllegalArgumentException if a dimension is negative, the element count overflows an
     *     {@code int}, or {@code data.length} differs from the product of the shape
     */
    public Tensor(int[] shape, double[] data) {
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(data, "data");
        long count = elementCount(shape);
        if (count != data.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + count
                    + " elements but the data has " + data.length);
        }
        this.shape = shape.clone();
        this.data = data;
    }

    /**
     * Creates a tensor of the given shape filled with zeros.
     *
     * @param shape the size of each dimension; no dimensions gives a scalar
     * @return a new zero tensor
     * @throws IllegalArgumentException if a dimension is negative or the tensor is too large
     */
    public static Tensor zeros(int... shape) {
        return new Tensor(shape, new double[(int) elementCount(shape)]);
    }

    /** The blocks one after another along the first axis; their other axes must agree. */
    public static Tensor stackRows(java.util.List<Tensor> blocks) {
        int[] shape = blocks.get(0).shape();
        shape[0] = blocks.stream().mapToInt(b -> b.dim(0)).sum();
        double[] data = new double[blocks.stream().mapToInt(Tensor::size).sum()];
        int at = 0;
        for (Tensor b : blocks) {
            System.arraycopy(b.data(), 0, data, at, b.size());
            at += b.size();
        }
        return new Tensor(shape, data);
    }

    /**
     * Returns the shape.
     *
     * @return a copy of the dimension sizes, outermost first
     */
    public int[] shape() {
        return shape.clone();
    }

    /**
     * Returns the size of one dimension.
     *
     * @param i the dimension, {@code 0 <= i < rank()}
     * @return the number of entries along dimension {@code i}
     * @throws IndexOutOfBoundsException if {@code i} is not a dimension of this tensor
     */
    public int dim(int i) {
        return shape[Objects.checkIndex(i, shape.length)];
    }

    /**
     * Returns the number of dimensions.
     *
     * @return the rank; 0 for a scalar
     */
    public int rank() {
        return shape.length;
    }

    /**
     * Returns the number of elements.
     *
     * @return the product of the dimensions; 1 for a scalar
     */
    public int size() {
        return data.length;
    }

    /**
     * Returns the live backing array in row-major order. Writes to it change this tensor; it is
     * exposed so that numeric kernels can work on it without copying.
     *
     * @return the backing array, not a copy
     */
    public double[] data() {
        return data;
    }

    /**
     * Reads one element.
     *
     * @param index one index per dimension
     * @return the element at {@code index}
     * @throws IllegalArgumentException if the number of indices differs from the rank
     * @throws IndexOutOfBoundsException if an index is outside its dimension
     */
    public double get(int... index) {
        return data[offset(index)];
    }

    /**
     * Writes one element.
     *
     * @param v the new value
     * @param index one index per dimension
     * @throws IllegalArgumentException if the number of indices differs from the rank
     * @throws IndexOutOfBoundsException if an index is outside its dimension
     */
    public void set(double v, int... index) {
        data[offset(index)] = v;
    }

    /**
     * Returns a deep copy that shares nothing with this tensor.
     *
     * @return a new tensor with the same shape and values
     */
    public Tensor copy() {
        return new Tensor(shape, data.clone());
    }

    /**
     * Formats the shape for messages.
     *
     * @return the dimensions in brackets, for example {@code [3, 4]}, or {@code []} for a scalar
     */
    public String shapeString() {
        return Arrays.toString(shape);
    }

    private int offset(int[] index) {
        if (index.length != shape.length) {
            throw new IllegalArgumentException("a tensor of shape " + shapeString() + " needs "
                    + shape.length + " indices but got " + index.length);
        }
        int flat = 0;
        for (int i = 0; i < shape.length; i++) {
            flat = flat * shape[i] + Objects.checkIndex(index[i], shape[i]);
        }
        return flat;
    }

    private static long elementCount(int[] shape) {
        long count = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
            // Clamping just above the int range keeps the running product inside a long, while a
            // later zero dimension still yields zero.
            count = Math.min(count * d, (long) Integer.MAX_VALUE + 1);
        }
        if (count > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " has too many elements");
        }
        return count;
    }
}
